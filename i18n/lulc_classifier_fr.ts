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
    <message>
        <location filename="../processing_provider/assess.py" line="38"/>
        <source>Stratified by map class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="38"/>
        <source>Simple random sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="37"/>
        <source>Map accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="41"/>
        <source>Assesses a classified map with reference points whose true class an analyst has recorded: the confusion matrix in sample counts and in estimated area proportions, overall, user&apos;s and producer&apos;s accuracy with standard errors and 95 % confidence intervals, and each class&apos;s area in hectares with a 95 % interval. By default the points are taken as a sample stratified by map class, with the estimators of Olofsson et al. (2014): the strata are this map&apos;s classes weighted by their mapped areas, which is also right (as post-stratification) for a simple random or systematic sample; points drawn by lulc:validationpoints from another map, or from an earlier version of this one, are estimated with that map&apos;s classes as strata (Stehman 2014). The log and the reports say which design was used and why. Reference codes must be whole class codes (or the map&apos;s class names); points with an empty reference, outside the map or on nodata are counted and left out, and codes the map never assigns are reported and kept as classes the map omits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="53"/>
        <source>Land cover classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="119"/>
        <source>The layer &apos;{}&apos; is not a raster file GDAL can read; save it as a GeoTIFF first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="127"/>
        <source>Choose at least one raster layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="138"/>
        <source>The layer given for {} cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="144"/>
        <source>The {} must be a {} file, not &apos;{}&apos;: change the output file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="21"/>
        <source>Counts the pixels of each class of a classified map and gives hectares (geodesic for maps in geographic coordinates) and percentages. A quick look only: pixel counting is biased by the map&apos;s errors. For areas with confidence intervals use lulc:validationpoints and lulc:assess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classify.py" line="51"/>
        <source>Samples the rasters at the labels (points, lines or polygons), trains a classifier (measuring it on unseen samples with the chosen validation, then refitting on all samples) and classifies the whole image (or only an extent, for a quick preview) into a styled land-cover map, optionally with its confidence. Equivalent to lulc:sample, lulc:train and lulc:predict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26"/>
        <source>Sensor preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26"/>
        <source>None (give band roles)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26"/>
        <source>Band order and reflectance scaling of a known sensor, for spectral indices: {presets}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26"/>
        <source>{number} = {sensor} (scale {scale}, offset {offset})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="48"/>
        <source>Band roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="48"/>
        <source>Instead of (or on top of) a preset: role=band pairs, roles among {roles}, bands numbered from 1 over the whole stack (e.g. &apos;red=3, nir=4&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="55"/>
        <source>Spectral indices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="55"/>
        <source>Indices added as features (Awesome Spectral Indices formulas); each needs its bands&apos; roles. A division by zero or a nodata band gives nodata.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="68"/>
        <source>Reflectance scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="68"/>
        <source>Reflectance = value x scale + offset (overrides the preset&apos;s; default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="75"/>
        <source>Reflectance offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="75"/>
        <source>See the scale (overrides the preset&apos;s; default 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="82"/>
        <source>Bands for focal mean and std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="82"/>
        <source>Band numbers (e.g. &apos;3,4&apos;) whose mean and standard deviation over a window are added: spatial context that separates classes with the same colour but another texture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="92"/>
        <source>Focal window (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="92"/>
        <source>Odd window size of the focal statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="99"/>
        <source>Band for GLCM texture (0: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="99"/>
        <source>Band whose grey-level co-occurrence contrast, homogeneity and entropy are added (8 grey levels over its 2-98 % range, measured at sampling and kept in the model).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="109"/>
        <source>Texture window (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="109"/>
        <source>Odd window size of the texture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="121"/>
        <source>DEM band for slope (0: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="121"/>
        <source>A band holding elevation (e.g. a DEM raster added to the stack) whose slope in degrees is added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="131"/>
        <source>Distance to features of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="131"/>
        <source>Optional vector layer (roads, rivers, coast...): the distance from each pixel to its nearest feature is added, in map units, capped at the maximum distance. Give the same layer to lulc:predict (its DISTANCE_TO): a model file names no file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="145"/>
        <source>Maximum distance (map units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="145"/>
        <source>Distances beyond this are reported as this value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="31"/>
        <source>Renames and recolours classes of a model file (.lulcmodel), of a class map from lulc:predict, or of both at once, so that the map&apos;s style and the model&apos;s legend follow. It edits the given files in place and changes only their metadata: the model&apos;s manifest (the estimator and the model id are kept, so predictions are the same), and the map&apos;s colour table, class names (LULC_CLASSES and CLASS_&lt;code&gt; tags) and its .qml style beside it; the map&apos;s pixel values never change. Classes not listed keep their name and colour. Every change is checked before any file is written; with both files, they must have the same class codes and the map gets the model&apos;s legend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="39"/>
        <source>Shows the manifest of a model file (.lulcmodel) in the log: the algorithm and its settings, the bands it expects in order, the classes with names and colours, the CRS, the accuracy measured at training and the library versions. The estimator itself is not loaded, so this is safe on a file of unknown origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="30"/>
        <source>nearest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="30"/>
        <source>bilinear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="35"/>
        <source>Raster layers (image bands)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="35"/>
        <source>One or more raster layers on the same grid, stacked in the order given (commonly one multiband image). Every band is a feature; use the same rasters, in the same order, for sampling and prediction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="50"/>
        <source>Labels (points, lines or polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="50"/>
        <source>Labelled features: a point gives its pixel, a polygon every pixel whose centre is inside (or every pixel it touches, see &apos;All touched&apos;), a line every pixel it touches; multipart features give all their parts. Labels in another CRS are reprojected. Labels outside the raster, on nodata, or labelling one pixel with two classes are dropped and counted per class in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="69"/>
        <source>Class field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="69"/>
        <source>Integer or text field with each label&apos;s class. Integer codes are kept as map values; text classes become codes 1..N (alphabetical) and their text is the class name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="86"/>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="86"/>
        <source>Seed of the random choices (validation splits, search, sampling caps, the model), so that a run can be repeated exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="188"/>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="115"/>
        <source>Memory budget (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="115"/>
        <source>Memory the prediction may use for its blocks; larger blocks are a little faster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="130"/>
        <source>Land-cover map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="130"/>
        <source>The classified GeoTIFF (uint8, nodata 255, colour table); its .qml style, with class names and colours, is written beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153"/>
        <source>Class name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153"/>
        <source>Optional field with the name of each class (e.g. &apos;Forest&apos; for code 3), shown in the report, the model and the map legend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153"/>
        <source>Class colour field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153"/>
        <source>Optional field with a #rrggbb colour per class for the map legend; classes without one get a conventional or distinct colour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="181"/>
        <source>All touched (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="181"/>
        <source>Polygons give every pixel they touch instead of only those whose centre is inside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="186"/>
        <source>Resampling of rasters on another grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="186"/>
        <source>How a raster on another grid or CRS is resampled on the fly onto the first raster&apos;s grid: nearest (categorical layers) or bilinear (continuous layers such as a DEM). Stored in the model and used again for prediction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="200"/>
        <source>Nodata for rasters without one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="200"/>
        <source>Nodata value for rasters that declare none (each raster&apos;s own nodata is always honoured). Stored in the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="213"/>
        <source>Maximum samples per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="213"/>
        <source>Random cap on samples per class (0: no cap), so that a large class does not swamp the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="213"/>
        <source>Maximum samples per feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="213"/>
        <source>Random cap on samples per label feature (0: no cap), so that one huge polygon does not swamp the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="238"/>
        <source>Keep duplicate samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="238"/>
        <source>Keep every label of one class falling in the same pixel, instead of one sample.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="276"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="276"/>
        <source>Probability of the chosen class, 0-100 % (uint8, nodata 255).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="281"/>
        <source>Margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="281"/>
        <source>Difference between the two most probable classes, 0-100 %: low values mark pixels worth a new label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="289"/>
        <source>Entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="289"/>
        <source>Normalised entropy of the class probabilities, 0-100 % (100: undecided).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="294"/>
        <source>Class probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="294"/>
        <source>One band per class with its probability, 0-100 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="224"/>
        <source>Optional.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="335"/>
        <source>Extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="335"/>
        <source>Optional area to classify; the map covers only this extent (snapped to the pixels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="50"/>
        <source>Classifies every pixel of the rasters with a model from lulc:train or lulc:classify. Writes a single-band GeoTIFF (uint8, nodata 255; uint16 past 254 classes) on the input&apos;s grid, tiled and compressed, with a colour table, class names and the model&apos;s identity in its metadata, and a .qml style. Works block by block on all cores with memory bounded by the budget, whatever the image size; a pixel that is nodata in any band is nodata in the map. The same pass can write confidence, margin, entropy and class probability rasters, and the log and an optional table give the area of each class. An extent or mask polygons limit the work to an area of interest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="39"/>
        <source>Cancelled by the user; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="41"/>
        <source>Reads the value of every band of the raster stack at each labelled pixel and writes a training table: one point per sample with its class, the id of the label feature it came from, its x/y and one numeric field per band (named from the band description, else b1..bN). Rasters on another grid or CRS are resampled on the fly onto the first raster&apos;s grid. Only the raster blocks that hold labels are read. The log and the report table give, per class, the samples kept and those dropped outside the raster, on nodata, in conflict with another class, as duplicates or over the caps, and the label features without a geometry; label features without a class (empty, blank, NULL or NaN) are counted in a row &apos;(no class)&apos; and a warning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="20"/>
        <source>Writes the features of a recipe (raw bands, spectral indices, focal statistics, texture, slope, distances) as a float32 GeoTIFF with one named band per feature, for a look at them or use elsewhere. lulc:sample and lulc:predict compute the same features on the fly and never need this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="34"/>
        <source>Trains a classifier on a sample table (from lulc:sample): every numeric field except the class field and the sample&apos;s id and x/y is a feature. Accuracy is measured on samples the model did not see (hold-out, k-fold, or spatial cross-validation by polygon or by block, which also reports random k-fold figures so that their optimism shows): overall accuracy, kappa, macro and weighted F1, Matthews correlation, per-class scores, confusion matrix and permutation feature importance. The model is then refitted on all samples and saved as a .lulcmodel file for lulc:predict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="28"/>
        <source>Number of trees / boosting rounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="28"/>
        <source>Random forest, extra trees, gradient boosting, LightGBM, XGBoost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="33"/>
        <source>Maximum tree depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="33"/>
        <source>Tree models; 0 or empty: no limit (boosting: the library default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="38"/>
        <source>Minimum samples per leaf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="38"/>
        <source>Tree models; larger values smooth the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="43"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="43"/>
        <source>Gradient boosting, LightGBM, XGBoost, and the initial rate of the MLP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="48"/>
        <source>C (regularisation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="48"/>
        <source>SVM and logistic regression; larger values fit the training samples more closely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="55"/>
        <source>Gamma (RBF kernel width)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="55"/>
        <source>SVM; empty: &apos;scale&apos; (1 / (features x variance)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="60"/>
        <source>Number of neighbours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="60"/>
        <source>k-nearest neighbours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="69"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="70"/>
        <source>Kappa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="71"/>
        <source>Macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="72"/>
        <source>Weighted F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="73"/>
        <source>Matthews correlation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="74"/>
        <source>Overall accuracy under random k-fold (spatial validation only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="82"/>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="82"/>
        <source>Classifier: {choices}. Models marked &apos;scaled features&apos; standardise the bands inside the model. LightGBM and XGBoost need their Python package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="99"/>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="99"/>
        <source>How accuracy is measured on samples the model did not see: {choices}. Pixels of one polygon, or close to each other, are alike: random splits are optimistic. Spatial schemes keep whole polygons (or blocks) in one fold and report the random k-fold figures beside theirs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="117"/>
        <source>Balanced class weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="117"/>
        <source>Weight classes inversely to their number of samples, so rare classes count as much as common ones (not available for k-nearest neighbours and the MLP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="124"/>
        <source>Test fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="124"/>
        <source>Hold-out: share of each class&apos;s samples held out (stratified). A class with a single sample is used for training only and named in the log and report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="134"/>
        <source>Folds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="134"/>
        <source>Cross-validation: number of folds. Each class needs at least this many samples (or polygons, or blocks, for spatial schemes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="144"/>
        <source>Block size (map units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="144"/>
        <source>Spatial blocks: side of the square blocks in the samples&apos; map units (e.g. 1000 for 1 km in a metric CRS); choose it larger than the distance at which pixels look alike.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="154"/>
        <source>Hyperparameter search candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="154"/>
        <source>Randomized search: number of hyperparameter candidates tried (0: no search). Each training part runs its own search with inner folds of the chosen kind, so the test samples never influence the choice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="172"/>
        <source>Empty: the model&apos;s default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="179"/>
        <source>Hidden layers (MLP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="179"/>
        <source>MLP: neurons per hidden layer, separated by commas (e.g. 100,50). Empty: 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="188"/>
        <source>The trained model (.lulcmodel): the estimator in a format that loads without running code, and a manifest with band names, classes, CRS, library versions and accuracy. Use it in lulc:predict; lulc:modelinfo shows the manifest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>Accuracy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>HTML files (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>Self-contained HTML report: figures, per-class scores, confusion matrix (counts, shares, heatmap) and permutation feature importance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>Metrics (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>Every figure of the report in machine-readable JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>Confusion matrix (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="198"/>
        <source>The confusion matrix: rows are reference classes, columns predicted classes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="39"/>
        <source>Draws a stratified random sample of pixels from a classified map, for an accuracy assessment with lulc:assess (good practice of Olofsson et al. 2014). The sample size follows from the target standard error of overall accuracy and the expected user&apos;s accuracy (their eq. 13), unless a total is given; it is allocated to the map classes with a minimum per class and the rest proportionally, proportionally, or equally. The points carry the map class, an empty &apos;reference&apos; field for the analyst to fill by interpreting imagery, and the stratum weights.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessAlgorithm</name>
    <message>
        <location filename="../processing_provider/assess.py" line="63"/>
        <source>Assess map accuracy and areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="67"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="71"/>
        <source>Reference points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="82"/>
        <source>Reference class field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="96"/>
        <source>Sampling design</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="151"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="154"/>
        <source>Overall accuracy 95 % half-interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="159"/>
        <source>Points used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="160"/>
        <source>Sampling design used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="67"/>
        <source>The single-band class map to assess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="71"/>
        <source>Points with the true (reference) class, e.g. lulc:validationpoints&apos; output once its &apos;reference&apos; field is filled in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="82"/>
        <source>Field with the reference class: the map&apos;s class codes (whole numbers; decimals are refused), or its class names. Points where it is empty are counted and left out; codes the map never assigns are reported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="96"/>
        <source>How the points were drawn. Stratified by map class (default): Olofsson et al.&apos;s stratified estimators with the map&apos;s class areas as stratum weights, or the strata stored by lulc:validationpoints when the points carry them; also right for a simple random or systematic sample (post-stratification), so keep it unless you need plain proportions. Simple random sample: every point counts the same (plain proportions); biased for points drawn stratified by map class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>Assessment report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>HTML files (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>HTML report with every estimate and interval, both confusion matrices, the design used and why, and the points left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>Assessment (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>Every figure in machine-readable JSON, with the design, why, and the points used and left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>Assessment (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="112"/>
        <source>One row per class: mapped and estimated area with interval, user&apos;s and producer&apos;s accuracy with intervals, and the design used and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="141"/>
        <source>Optional.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassAreasAlgorithm</name>
    <message>
        <location filename="../processing_provider/classareas.py" line="34"/>
        <source>Class areas by pixel counting (biased)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="38"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="42"/>
        <source>Class areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="38"/>
        <source>A single-band class map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="42"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="42"/>
        <source>CSV with code, class, pixels, hectares, percent and the method (pixel counting, biased).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassifyAlgorithm</name>
    <message>
        <location filename="../processing_provider/classify.py" line="66"/>
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
        <location filename="../processing_provider/legend.py" line="48"/>
        <source>Edit class legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="62"/>
        <source>Class map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="70"/>
        <source>Classes to change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="85"/>
        <source>Edited model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="86"/>
        <source>Style file (.qml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="87"/>
        <source>Legend (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="52"/>
        <source>Optional .lulcmodel file whose class names and colours are rewritten in place (its estimator is copied unchanged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="62"/>
        <source>Optional class map GeoTIFF from lulc:predict or lulc:classify: its colour table and class names are updated in place (pixels untouched) and its .qml style, same name beside it, is rewritten. Give a model, a map or both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="70"/>
        <source>One row per class to change: its code, its new name (unique, ignoring case) and its colour as #rrggbb. A JSON list like the Legend output is accepted too. Leave empty to copy the model&apos;s legend onto the map.</source>
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
        <location filename="../processing_provider/modelinfo.py" line="52"/>
        <source>Model information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="62"/>
        <source>Manifest (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="63"/>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="64"/>
        <source>Number of bands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="65"/>
        <source>Number of classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="66"/>
        <source>Overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="69"/>
        <source>Kappa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="56"/>
        <source>A .lulcmodel file from lulc:train or lulc:classify.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../processing_provider/predict.py" line="67"/>
        <source>Predict land-cover map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="82"/>
        <source>Mask polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="94"/>
        <source>Distance layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="108"/>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="123"/>
        <source>Compression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="130"/>
        <source>Build overviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="135"/>
        <source>Cloud Optimized GeoTIFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="145"/>
        <source>Class areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="158"/>
        <source>Style file (.qml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="72"/>
        <source>A .lulcmodel file from lulc:train or lulc:classify; the rasters must match its bands (by name where bands have names, otherwise by count and order).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="82"/>
        <source>Optional polygons: pixels outside them are nodata, and blocks outside them are not read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="94"/>
        <source>Only for a model trained with a distance feature (lulc:sample&apos;s or lulc:classify&apos;s DISTANCE_TO): the same vector layer, given again here, since a model file never names a file to open. lulc:modelinfo shows what a model uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="108"/>
        <source>Threads classifying blocks in parallel (0: all cores). Threads, not processes, so it works inside QGIS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="123"/>
        <source>GeoTIFF compression: DEFLATE (read everywhere) or ZSTD (faster, GDAL 2.3+).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="130"/>
        <source>Overviews for fast display: mode for the class map, average for the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="135"/>
        <source>Write Cloud Optimized GeoTIFFs (with overviews when asked), for web and cloud use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="145"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="145"/>
        <source>Optional CSV: pixels, hectares and percentage per class, counted while writing. Pixel counting is biased by the map&apos;s errors: see lulc:assess.</source>
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
        <location filename="../processing_provider/sample.py" line="59"/>
        <source>Sample raster at labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="69"/>
        <source>Training samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="80"/>
        <source>Sampling report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="94"/>
        <source>Number of samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="73"/>
        <source>Sample table: GeoPackage (default; the stack definition and class names and colours are stored in it) or CSV (they go to a .lulc.json file beside it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="80"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="80"/>
        <source>Optional CSV table with one row per class: samples kept, labels outside the raster, samples on nodata, in conflict, duplicates, over the caps and labels without a geometry; a last row &apos;(no class)&apos; counts the labels without a class.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sensors</name>
    <message>
        <location filename="../core/indices.py" line="38"/>
        <source>Sentinel-2 L2A (B01-B12 without B10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/indices.py" line="45"/>
        <source>Landsat 8/9 OLI (SR_B1-SR_B7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/indices.py" line="51"/>
        <source>Landsat 4-7 TM/ETM+ (SR_B1-SR_B5, SR_B7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/indices.py" line="57"/>
        <source>4-band blue, green, red, NIR (PlanetScope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/indices.py" line="63"/>
        <source>4-band red, green, blue, NIR (NAIP)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StackAlgorithm</name>
    <message>
        <location filename="../processing_provider/stack.py" line="33"/>
        <source>Write feature stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="39"/>
        <source>Feature stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="39"/>
        <source>Float32 GeoTIFF, one band per feature (band descriptions are the feature names), nodata NaN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainAlgorithm</name>
    <message>
        <location filename="../processing_provider/train.py" line="50"/>
        <source>Train classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="54"/>
        <source>Training samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="54"/>
        <source>Sample table with a class field and numeric feature fields, as written by lulc:sample.</source>
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
        <location filename="../processing_provider/validationpoints.py" line="55"/>
        <source>Create validation points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="59"/>
        <source>Classified map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="63"/>
        <source>Target standard error of overall accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="76"/>
        <source>Expected user&apos;s accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="87"/>
        <source>Allocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="103"/>
        <source>Minimum points per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="112"/>
        <source>Total points (0: from the target standard error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="124"/>
        <source>Validation points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="133"/>
        <source>Number of points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="59"/>
        <source>A single-band class map (e.g. from lulc:predict).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="63"/>
        <source>Standard error of the overall accuracy you aim for (0.01: about +-2 % at 95 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="76"/>
        <source>Expected user&apos;s accuracy of the classes (0-1), used for the sample size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="87"/>
        <source>Minimum per class, rest proportional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="87"/>
        <source>Proportional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="87"/>
        <source>Equal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="87"/>
        <source>How the points are shared among map classes: 0 = a minimum per class and the rest proportional to area (recommended for rare classes); 1 = proportional; 2 = equal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="103"/>
        <source>Points per class at least, with the first allocation (50 is common practice).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="112"/>
        <source>A fixed total number of points instead of the computed sample size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="124"/>
        <source>GeoPackage of points with map_class, map_name, an empty reference field and the stratum weights; keep it as written so lulc:assess recognises the design.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
