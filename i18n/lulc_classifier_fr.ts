<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../ui/dock.py" line="65"/>
        <source>LULC Classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="94"/>
        <source>GeoTIFF (*.tif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="94"/>
        <source>LULC model (*.lulcmodel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="100"/>
        <source>[Save to temporary file]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="114"/>
        <source>(none: bands as they are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="58"/>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="123"/>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="267"/>
        <source>Tick at least one raster layer under 1. Image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="269"/>
        <source>Choose the labels layer under 2. Labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="271"/>
        <source>Choose the class field under 2. Labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="296"/>
        <source>Preview of the canvas extent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="296"/>
        <source>Classifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="328"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="341"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="341"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="342"/>
        <source>{what} ready in {seconds:.1f} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="360"/>
        <source>Confidence (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="363"/>
        <source>LULC preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="363"/>
        <source>Land cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="398"/>
        <source>Applying the legend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="411"/>
        <source>Legend applied to the map and the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="40"/>
        <source>LULC Classifier panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="43"/>
        <source>LULC Classifier: classify an image from labelled points or polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="31"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="31"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="31"/>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="41"/>
        <source>Colour of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="35"/>
        <source>&lt;b&gt;Overall accuracy {oa}&lt;/b&gt; · kappa {kappa} · macro F1 {f1}&lt;br&gt;{scheme}: {n_test} test samples, {n_train} training samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="48"/>
        <source>Random k-fold on the same samples: {oa} (optimistic: neighbouring pixels are alike).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="59"/>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="59"/>
        <source>F1 score: harmonic mean of user&apos;s and producer&apos;s accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="60"/>
        <source>UA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="60"/>
        <source>User&apos;s accuracy (precision): share of the map&apos;s class that is right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="61"/>
        <source>PA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="61"/>
        <source>Producer&apos;s accuracy (recall): share of the class that the map finds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="62"/>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="62"/>
        <source>Test samples of the class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="105"/>
        <source>{reference} labelled, {predicted} predicted: {count} ({share:.0%} of the row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="119"/>
        <source>&lt;a href=&quot;{url}&quot;&gt;Open the full accuracy report&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessAlgorithm</name>
    <message>
        <location filename="../processing_provider/assess.py" line="62"/>
        <source>Assess map accuracy and areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="66"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="70"/>
        <source>Reference points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="79"/>
        <source>Reference class field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="91"/>
        <source>Sampling design</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="138"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="141"/>
        <source>Overall accuracy 95 % half-interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="146"/>
        <source>Points used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="147"/>
        <source>Sampling design used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BaseAlgorithm</name>
    <message>
        <location filename="../processing_provider/base.py" line="116"/>
        <source>The layer &apos;{}&apos; is not a raster file GDAL can read; save it as a GeoTIFF first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="124"/>
        <source>Choose at least one raster layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="135"/>
        <source>The layer given for {} cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="143"/>
        <source>The {} must be a {} file, not &apos;{}&apos;: change the output file name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassAreasAlgorithm</name>
    <message>
        <location filename="../processing_provider/classareas.py" line="33"/>
        <source>Class areas by pixel counting (biased)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="37"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="41"/>
        <source>Class areas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassifyAlgorithm</name>
    <message>
        <location filename="../processing_provider/classify.py" line="65"/>
        <source>Classify image (sample, train, predict)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Estimators</name>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Random forest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Support vector machine (RBF kernel, scaled features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Decision tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Extra trees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Histogram gradient boosting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>k-nearest neighbours (scaled features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Logistic regression (scaled features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>Multilayer perceptron neural network (scaled features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>LightGBM (if installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/estimators.py" line="160"/>
        <source>XGBoost (if installed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LegendAlgorithm</name>
    <message>
        <location filename="../processing_provider/legend.py" line="47"/>
        <source>Edit class legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="59"/>
        <source>Class map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="65"/>
        <source>Classes to change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="78"/>
        <source>Edited model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="79"/>
        <source>Style file (.qml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="80"/>
        <source>Legend (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LulcPanel</name>
    <message>
        <location filename="../ui/panel.ui" line="29"/>
        <source>1. Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="33"/>
        <source>Raster layers to classify, stacked in this order (tick one or several):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="47"/>
        <source>2. Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="49"/>
        <source>Labels layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="51"/>
        <source>Class field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="53"/>
        <source>Class name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="73"/>
        <source>3. Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="75"/>
        <source>Sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="77"/>
        <source>Spectral indices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="84"/>
        <source>4. Model and validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="86"/>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="88"/>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="95"/>
        <source>5. Outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="97"/>
        <source>Land-cover map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="99"/>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="103"/>
        <source>Also write the confidence layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="112"/>
        <source>Classify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="113"/>
        <source>Preview canvas extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="114"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="130"/>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="134"/>
        <source>Run a classification to see how good the model is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="146"/>
        <source>Confusion matrix (rows: reference, columns: predicted; colour: share of the row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="166"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="175"/>
        <source>Apply to map and model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapAccuracy</name>
    <message>
        <location filename="../core/map_accuracy.py" line="32"/>
        <source>stratified by the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_accuracy.py" line="33"/>
        <source>stratified by another map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_accuracy.py" line="34"/>
        <source>simple random sample</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapReport</name>
    <message>
        <location filename="../core/map_report.py" line="40"/>
        <source>LULC Classifier: map accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="41"/>
        <source>Map accuracy and class areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="42"/>
        <source>Overall accuracy {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="45"/>
        <source>map \ reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="54"/>
        <source>Points (map class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="54"/>
        <source>Mapped area (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="54"/>
        <source>Estimated area (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="54"/>
        <source>User&apos;s accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="54"/>
        <source>Producer&apos;s accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/map_report.py" line="64"/>
        <source>Total mapped area: {area} ha.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelInfoAlgorithm</name>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="51"/>
        <source>Model information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="61"/>
        <source>Manifest (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="62"/>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="63"/>
        <source>Number of bands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="64"/>
        <source>Number of classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="65"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="68"/>
        <source>Kappa</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../processing_provider/predict.py" line="66"/>
        <source>Predict land-cover map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="79"/>
        <source>Mask polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="89"/>
        <source>Distance layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="101"/>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="114"/>
        <source>Compression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="121"/>
        <source>Build overviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="126"/>
        <source>Cloud Optimized GeoTIFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="134"/>
        <source>Class areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="145"/>
        <source>Style file (.qml)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../core/report.py" line="26"/>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="71"/>
        <source>rows: reference class; columns: predicted class; colour: share of the row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="106"/>
        <source>drop of accuracy when the feature is shuffled (mean, line: +-1 std)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="116"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="117"/>
        <source>Kappa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="118"/>
        <source>Macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="119"/>
        <source>Weighted F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="120"/>
        <source>Matthews correlation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="146"/>
        <source>No random k-fold comparison: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="179"/>
        <source>{count} held-out samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="217"/>
        <source>reference \ predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="218"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="219"/>
        <source>en</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="220"/>
        <source>Overall accuracy {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="220"/>
        <source>Kappa {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="237"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="237"/>
        <source>Precision (user&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="237"/>
        <source>Recall (producer&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="237"/>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="237"/>
        <source>Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/report.py" line="292"/>
        <source>LULC Classifier: model accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="567"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="567"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="569"/>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="572"/>
        <source>Hyperparameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="575"/>
        <source>defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="576"/>
        <source>Balanced class weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="577"/>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="578"/>
        <source>Class field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="579"/>
        <source>Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="580"/>
        <source>Samples per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="584"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/train.py" line="585"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SampleAlgorithm</name>
    <message>
        <location filename="../processing_provider/sample.py" line="58"/>
        <source>Sample raster at labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="68"/>
        <source>Training samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="77"/>
        <source>Sampling report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="89"/>
        <source>Number of samples</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StackAlgorithm</name>
    <message>
        <location filename="../processing_provider/stack.py" line="32"/>
        <source>Write feature stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="38"/>
        <source>Feature stack</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainAlgorithm</name>
    <message>
        <location filename="../processing_provider/train.py" line="49"/>
        <source>Train classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="53"/>
        <source>Training samples</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../core/validation.py" line="25"/>
        <source>Stratified hold-out (TEST_FRACTION)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="26"/>
        <source>Stratified k-fold cross-validation (random)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="27"/>
        <source>Spatial cross-validation by label feature (polygon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="30"/>
        <source>Spatial cross-validation by blocks of BLOCK_SIZE map units</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidationPointsAlgorithm</name>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="54"/>
        <source>Create validation points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="58"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="62"/>
        <source>Target standard error of overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="73"/>
        <source>Expected user&apos;s accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="84"/>
        <source>Allocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="94"/>
        <source>Minimum points per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="101"/>
        <source>Total points (0: from the target standard error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="113"/>
        <source>Validation points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="120"/>
        <source>Number of points</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alg</name>
    <message>
        <location filename="../processing_provider/run_guard.py" line="38"/>
        <source>Cancelled by the user; </source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
