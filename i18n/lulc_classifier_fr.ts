<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>@default</name>
    <message>
        <location filename="../ui/launch.py" line="50" />
        <source>LULC Classifier</source>
        <translation>LULC Classifier</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="117" />
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="117" />
        <source>LULC model (*.lulcmodel)</source>
        <translation>Modèle LULC (*.lulcmodel)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="143" />
        <source>(none: bands as they are)</source>
        <translation>(aucun : bandes telles quelles)</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="126" />
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="377" />
        <source>Tick at least one raster layer under 1. Image.</source>
        <translation>Cochez au moins une couche raster sous 1. Image.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="379" />
        <source>Choose the labels layer under 2. Labels.</source>
        <translation>Choisissez la couche d'étiquettes sous 2. Étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="381" />
        <source>Choose the class field under 2. Labels.</source>
        <translation>Choisissez le champ de classe sous 2. Étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="419" />
        <source>Preview of the canvas extent…</source>
        <translation>Aperçu de l'emprise du canevas…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="417" />
        <source>Classifying…</source>
        <translation>Classification…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="518" />
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="577" />
        <source>Confidence (%)</source>
        <translation>Confiance (%)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="581" />
        <source>LULC preview</source>
        <translation>Aperçu LULC</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="581" />
        <source>Land cover</source>
        <translation>Occupation du sol</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="685" />
        <source>Applying the legend…</source>
        <translation>Application de la légende…</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="39" />
        <source>LULC Classifier panel</source>
        <translation>Panneau LULC Classifier</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="42" />
        <source>LULC Classifier: classify an image from labelled points or polygons</source>
        <translation>LULC Classifier : classer une image à partir de points ou polygones étiquetés</translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="28" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="28" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="28" />
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <location filename="../ui/legend_table.py" line="38" />
        <source>Colour of {name}</source>
        <translation>Couleur de {name}</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="127" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="127" />
        <source>F1 score: harmonic mean of user's and producer's accuracy</source>
        <translation>Score F1 : moyenne harmonique des exactitudes de l'utilisateur et du producteur</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="131" />
        <source>UA</source>
        <translation>EU</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="131" />
        <source>User's accuracy (precision): share of the map's class that is right</source>
        <translation>Exactitude de l'utilisateur (précision) : part de la classe cartographiée qui est juste</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="137" />
        <source>PA</source>
        <translation>EP</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="137" />
        <source>Producer's accuracy (recall): share of the class that the map finds</source>
        <translation>Exactitude du producteur (rappel) : part de la classe que la carte retrouve</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="143" />
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="143" />
        <source>Test samples of the class</source>
        <translation>Échantillons de test de la classe</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="189" />
        <source>{reference} labelled, {predicted} predicted: {count} ({share:.0%} of the row)</source>
        <translation>{reference} étiqueté, {predicted} prédit : {count} ({share:.0%} de la ligne)</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="203" />
        <source>&lt;a href="{url}"&gt;Open the full accuracy report&lt;/a&gt;</source>
        <translation>&lt;a href="{url}"&gt;Ouvrir le rapport d'exactitude complet&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="38" />
        <source>Stratified by map class</source>
        <translation>Stratifié par classe de la carte</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="38" />
        <source>Simple random sample</source>
        <translation>Échantillon aléatoire simple</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="38" />
        <source>Map accuracy</source>
        <translation>Exactitude de la carte</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="42" />
        <source>Assesses a classified map with reference points whose true class an analyst has recorded: the confusion matrix in sample counts and in estimated area proportions, overall, user's and producer's accuracy with standard errors and 95 % confidence intervals, and each class's area in hectares with a 95 % interval. By default the points are taken as a sample stratified by map class, with the estimators of Olofsson et al. (2014): the strata are this map's classes weighted by their mapped areas, which is also right (as post-stratification) for a simple random or systematic sample; points drawn by lulc:validationpoints from another map, or from an earlier version of this one, are estimated with that map's classes as strata (Stehman 2014). The log and the reports say which design was used and why. Reference codes must be whole class codes (or the map's class names); points with an empty reference, outside the map or on nodata are counted and left out, and codes the map never assigns are reported and kept as classes the map omits.</source>
        <translation>Évalue une carte classée à l'aide de points de référence dont un analyste a relevé la vraie classe : la matrice de confusion en nombres d'échantillons et en proportions de surface estimées, les exactitudes globale, de l'utilisateur et du producteur avec leurs erreurs types et intervalles de confiance à 95 %, et la surface de chaque classe en hectares avec un intervalle à 95 %. Par défaut, les points sont traités comme un échantillon stratifié par classe de la carte, avec les estimateurs d'Olofsson et al. (2014) : les strates sont les classes de cette carte pondérées par leurs surfaces cartographiées, ce qui convient aussi (en post-stratification) à un échantillon aléatoire simple ou systématique ; les points tirés par lulc:validationpoints d'une autre carte, ou d'une version antérieure de celle-ci, sont estimés avec les classes de cette carte comme strates (Stehman 2014). Le journal et les rapports indiquent quel plan a été utilisé et pourquoi. Les codes de référence doivent être des codes de classe entiers (ou les noms de classe de la carte) ; les points sans référence, hors de la carte ou sur nodata sont comptés et écartés, et les codes que la carte n'attribue jamais sont signalés et gardés comme classes omises par la carte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="73" />
        <source>Land cover classification</source>
        <translation>Classification de l'occupation du sol</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="161" />
        <source>The layer '{}' is not a raster file GDAL can read; save it as a GeoTIFF first.</source>
        <translation>La couche « {} » n'est pas un fichier raster lisible par GDAL ; enregistrez-la d'abord en GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="169" />
        <source>Choose at least one raster layer.</source>
        <translation>Choisissez au moins une couche raster.</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="186" />
        <source>The layer given for {} cannot be read.</source>
        <translation>La couche donnée pour {} est illisible.</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="192" />
        <source>The {} must be a {} file, not '{}': change the output file name.</source>
        <translation>Le {} doit être un fichier {}, pas « {} » : changez le nom du fichier de sortie.</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="22" />
        <source>Counts the pixels of each class of a classified map and gives hectares (geodesic for maps in geographic coordinates) and percentages. A quick look only: pixel counting is biased by the map's errors. For areas with confidence intervals use lulc:validationpoints and lulc:assess.</source>
        <translation>Compte les pixels de chaque classe d'une carte classée et donne les hectares (géodésiques pour les cartes en coordonnées géographiques) et les pourcentages. Un simple aperçu : le comptage de pixels est biaisé par les erreurs de la carte. Pour des surfaces avec intervalles de confiance, utilisez lulc:validationpoints et lulc:assess.</translation>
    </message>
    <message>
        <location filename="../processing_provider/classify.py" line="58" />
        <source>Samples the rasters at the labels (points, lines or polygons), trains a classifier (measuring it on unseen samples with the chosen validation, then refitting on all samples) and classifies the whole image (or only an extent, for a quick preview) into a styled land-cover map, optionally with its confidence. Equivalent to lulc:sample, lulc:train and lulc:predict.</source>
        <translation>Échantillonne les rasters aux étiquettes (points, lignes ou polygones), entraîne un classifieur (en le mesurant sur des échantillons non vus avec la validation choisie, puis en le réajustant sur tous les échantillons) et classe toute l'image (ou seulement une emprise, pour un aperçu rapide) en une carte d'occupation du sol stylée, avec sa confiance en option. Équivaut à lulc:sample, lulc:train et lulc:predict.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26" />
        <source>Sensor preset</source>
        <translation>Capteur prédéfini</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26" />
        <source>None (give band roles)</source>
        <translation>Aucun (donner les rôles des bandes)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26" />
        <source>Band order and reflectance scaling of a known sensor, for spectral indices: {presets}.</source>
        <translation>Ordre des bandes et mise à l'échelle de la réflectance d'un capteur connu, pour les indices spectraux : {presets}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="47" />
        <source>Band roles</source>
        <translation>Rôles des bandes</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="47" />
        <source>Instead of (or on top of) a preset: role=band pairs, roles among {roles}, bands numbered from 1 over the whole stack (e.g. 'red=3, nir=4').</source>
        <translation>Au lieu (ou en plus) d'un capteur prédéfini : paires rôle=bande, rôles parmi {roles}, bandes numérotées à partir de 1 sur toute la pile (p. ex. « red=3, nir=4 »).</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="54" />
        <source>Spectral indices</source>
        <translation>Indices spectraux</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="54" />
        <source>Indices added as features (Awesome Spectral Indices formulas); each needs its bands' roles. A division by zero or a nodata band gives nodata.</source>
        <translation>Indices ajoutés comme variables (formules d'Awesome Spectral Indices) ; chacun a besoin des rôles de ses bandes. Une division par zéro ou une bande nodata donne nodata.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="67" />
        <source>Reflectance scale</source>
        <translation>Échelle de réflectance</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="67" />
        <source>Reflectance = value x scale + offset (overrides the preset's; default 1).</source>
        <translation>Réflectance = valeur x échelle + décalage (remplace celle du capteur ; 1 par défaut).</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="74" />
        <source>Reflectance offset</source>
        <translation>Décalage de réflectance</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="74" />
        <source>See the scale (overrides the preset's; default 0).</source>
        <translation>Voir l'échelle (remplace celui du capteur ; 0 par défaut).</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="81" />
        <source>Bands for focal mean and std</source>
        <translation>Bandes pour la moyenne et l'écart type focaux</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="81" />
        <source>Band numbers (e.g. '3,4') whose mean and standard deviation over a window are added: spatial context that separates classes with the same colour but another texture.</source>
        <translation>Numéros de bandes (p. ex. « 3,4 ») dont la moyenne et l'écart type sur une fenêtre sont ajoutés : un contexte spatial qui sépare des classes de même couleur mais de texture différente.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="91" />
        <source>Focal window (pixels)</source>
        <translation>Fenêtre focale (pixels)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="91" />
        <source>Odd window size of the focal statistics.</source>
        <translation>Taille impaire de la fenêtre des statistiques focales.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="98" />
        <source>Band for GLCM texture (0: none)</source>
        <translation>Bande pour la texture GLCM (0 : aucune)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="98" />
        <source>Band whose grey-level co-occurrence contrast, homogeneity and entropy are added (8 grey levels over its 2-98 % range, measured at sampling and kept in the model).</source>
        <translation>Bande dont le contraste, l'homogénéité et l'entropie de co-occurrence des niveaux de gris sont ajoutés (8 niveaux de gris sur sa plage de 2 à 98 %, mesurée à l'échantillonnage et gardée dans le modèle).</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="108" />
        <source>Texture window (pixels)</source>
        <translation>Fenêtre de texture (pixels)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="108" />
        <source>Odd window size of the texture.</source>
        <translation>Taille impaire de la fenêtre de texture.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="120" />
        <source>DEM band for slope (0: none)</source>
        <translation>Bande MNT pour la pente (0 : aucune)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="120" />
        <source>A band holding elevation (e.g. a DEM raster added to the stack) whose slope in degrees is added.</source>
        <translation>Une bande d'altitude (p. ex. un raster MNT ajouté à la pile) dont la pente en degrés est ajoutée.</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="130" />
        <source>Distance to features of</source>
        <translation>Distance aux entités de</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="144" />
        <source>Maximum distance (map units)</source>
        <translation>Distance maximale (unités de carte)</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="144" />
        <source>Distances beyond this are reported as this value.</source>
        <translation>Les distances au-delà sont ramenées à cette valeur.</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="40" />
        <source>Shows the manifest of a model file (.lulcmodel) in the log: the algorithm and its settings, the bands it expects in order, the classes with names and colours, the CRS, the accuracy measured at training and the library versions. The estimator itself is not loaded, so this is safe on a file of unknown origin.</source>
        <translation>Affiche dans le journal le manifeste d'un fichier modèle (.lulcmodel) : l'algorithme et ses réglages, les bandes attendues dans l'ordre, les classes avec noms et couleurs, le SCR, l'exactitude mesurée à l'entraînement et les versions des bibliothèques. L'estimateur lui-même n'est pas chargé : c'est donc sans risque pour un fichier d'origine inconnue.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="32" />
        <source>nearest</source>
        <translation>plus proche voisin</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="32" />
        <source>bilinear</source>
        <translation>bilinéaire</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="37" />
        <source>Raster layers (image bands)</source>
        <translation>Couches raster (bandes de l'image)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="37" />
        <source>One or more raster layers on the same grid, stacked in the order given (commonly one multiband image). Every band is a feature; use the same rasters, in the same order, for sampling and prediction.</source>
        <translation>Une ou plusieurs couches raster sur la même grille, empilées dans l'ordre donné (souvent une seule image multibande). Chaque bande est une variable ; utilisez les mêmes rasters, dans le même ordre, pour l'échantillonnage et la prédiction.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="52" />
        <source>Labels (points, lines or polygons)</source>
        <translation>Étiquettes (points, lignes ou polygones)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="52" />
        <source>Labelled features: a point gives its pixel, a polygon every pixel whose centre is inside (or every pixel it touches, see 'All touched'), a line every pixel it touches; multipart features give all their parts. Labels in another CRS are reprojected. Labels outside the raster, on nodata, or labelling one pixel with two classes are dropped and counted per class in the log.</source>
        <translation>Entités étiquetées : un point donne son pixel, un polygone chaque pixel dont le centre est à l'intérieur (ou chaque pixel qu'il touche, voir « Tous les pixels touchés »), une ligne chaque pixel qu'elle touche ; les entités multiparties donnent toutes leurs parties. Les étiquettes dans un autre SCR sont reprojetées. Les étiquettes hors du raster, sur nodata, ou qui donnent deux classes à un même pixel sont écartées et comptées par classe dans le journal.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="71" />
        <source>Class field</source>
        <translation>Champ de classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="113" />
        <source>Random seed</source>
        <translation>Graine aléatoire</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="113" />
        <source>Seed of the random choices (validation splits, search, sampling caps, the model), so that a run can be repeated exactly.</source>
        <translation>Graine des choix aléatoires (partitions de validation, recherche, plafonds d'échantillonnage, le modèle), pour qu'une exécution puisse être répétée à l'identique.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="245" />
        <source>Model file</source>
        <translation>Fichier modèle</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153" />
        <source>Memory budget (MB)</source>
        <translation>Budget mémoire (Mo)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="153" />
        <source>Memory the prediction may use for its blocks; larger blocks are a little faster.</source>
        <translation>Mémoire que la prédiction peut utiliser pour ses blocs ; des blocs plus grands sont un peu plus rapides.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="168" />
        <source>Land-cover map</source>
        <translation>Carte d'occupation du sol</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="168" />
        <source>The classified GeoTIFF (uint8, nodata 255, colour table); its .qml style, with class names and colours, is written beside it.</source>
        <translation>Le GeoTIFF classé (uint8, nodata 255, table de couleurs) ; son style .qml, avec les noms et couleurs des classes, est écrit à côté.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="191" />
        <source>Class name field</source>
        <translation>Champ du nom de classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="191" />
        <source>Optional field with the name of each class (e.g. 'Forest' for code 3), shown in the report, the model and the map legend.</source>
        <translation>Champ facultatif avec le nom de chaque classe (p. ex. « Forêt » pour le code 3), affiché dans le rapport, le modèle et la légende de la carte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="191" />
        <source>Class colour field</source>
        <translation>Champ de couleur de classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="191" />
        <source>Optional field with a #rrggbb colour per class for the map legend; classes without one get a conventional or distinct colour.</source>
        <translation>Champ facultatif avec une couleur #rrggbb par classe pour la légende de la carte ; les classes sans couleur reçoivent une couleur conventionnelle ou distincte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="219" />
        <source>All touched (polygons)</source>
        <translation>Tous les pixels touchés (polygones)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="219" />
        <source>Polygons give every pixel they touch instead of only those whose centre is inside.</source>
        <translation>Les polygones donnent chaque pixel qu'ils touchent au lieu des seuls pixels dont le centre est à l'intérieur.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="224" />
        <source>Resampling of rasters on another grid</source>
        <translation>Rééchantillonnage des rasters sur une autre grille</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="224" />
        <source>How a raster on another grid or CRS is resampled on the fly onto the first raster's grid: nearest (categorical layers) or bilinear (continuous layers such as a DEM). Stored in the model and used again for prediction.</source>
        <translation>Comment un raster sur une autre grille ou dans un autre SCR est rééchantillonné à la volée sur la grille du premier raster : plus proche voisin (couches catégorielles) ou bilinéaire (couches continues comme un MNT). Gardé dans le modèle et réutilisé pour la prédiction.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="238" />
        <source>Nodata for rasters without one</source>
        <translation>Nodata pour les rasters qui n'en ont pas</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="238" />
        <source>Nodata value for rasters that declare none (each raster's own nodata is always honoured). Stored in the model.</source>
        <translation>Valeur nodata des rasters qui n'en déclarent pas (le nodata propre à chaque raster est toujours respecté). Gardée dans le modèle.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="251" />
        <source>Maximum samples per class</source>
        <translation>Nombre maximal d'échantillons par classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="251" />
        <source>Random cap on samples per class (0: no cap), so that a large class does not swamp the others.</source>
        <translation>Plafond aléatoire d'échantillons par classe (0 : aucun), pour qu'une grande classe n'écrase pas les autres.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="251" />
        <source>Maximum samples per feature</source>
        <translation>Nombre maximal d'échantillons par entité</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="251" />
        <source>Random cap on samples per label feature (0: no cap), so that one huge polygon does not swamp the rest.</source>
        <translation>Plafond aléatoire d'échantillons par entité étiquetée (0 : aucun), pour qu'un immense polygone n'écrase pas le reste.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="276" />
        <source>Keep duplicate samples</source>
        <translation>Garder les échantillons en double</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="276" />
        <source>Keep every label of one class falling in the same pixel, instead of one sample.</source>
        <translation>Garder chaque étiquette d'une même classe tombant dans le même pixel, au lieu d'un seul échantillon.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="335" />
        <source>Confidence</source>
        <translation>Confiance</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="335" />
        <source>Probability of the chosen class, 0-100 % (uint8, nodata 255).</source>
        <translation>Probabilité de la classe choisie, 0-100 % (uint8, nodata 255).</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="340" />
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="340" />
        <source>Difference between the two most probable classes, 0-100 %: low values mark pixels worth a new label.</source>
        <translation>Différence entre les deux classes les plus probables, 0-100 % : les valeurs basses signalent les pixels qui méritent une nouvelle étiquette.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="348" />
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="348" />
        <source>Normalised entropy of the class probabilities, 0-100 % (100: undecided).</source>
        <translation>Entropie normalisée des probabilités des classes, 0-100 % (100 : indécis).</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="353" />
        <source>Class probabilities</source>
        <translation>Probabilités des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="353" />
        <source>One band per class with its probability, 0-100 %.</source>
        <translation>Une bande par classe avec sa probabilité, 0-100 %.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="281" />
        <source>Optional.</source>
        <translation>Facultatif.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="397" />
        <source>Extent</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="397" />
        <source>Optional area to classify; the map covers only this extent (snapped to the pixels).</source>
        <translation>Zone facultative à classer ; la carte ne couvre que cette emprise (calée sur les pixels).</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="54" />
        <source>Classifies every pixel of the rasters with a model from lulc:train or lulc:classify. Writes a single-band GeoTIFF (uint8, nodata 255; uint16 past 254 classes) on the input's grid, tiled and compressed, with a colour table, class names and the model's identity in its metadata, and a .qml style. Works block by block on all cores with memory bounded by the budget, whatever the image size; a pixel that is nodata in any band is nodata in the map. The same pass can write confidence, margin, entropy and class probability rasters, and the log and an optional table give the area of each class. An extent or mask polygons limit the work to an area of interest.</source>
        <translation>Classe chaque pixel des rasters avec un modèle de lulc:train ou lulc:classify. Écrit un GeoTIFF à une bande (uint8, nodata 255 ; uint16 au-delà de 254 classes) sur la grille de l'entrée, tuilé et compressé, avec une table de couleurs, les noms des classes et l'identité du modèle dans ses métadonnées, et un style .qml. Travaille bloc par bloc sur tous les cœurs, avec une mémoire bornée par le budget, quelle que soit la taille de l'image ; un pixel nodata dans une bande est nodata dans la carte. Le même passage peut écrire des rasters de confiance, de marge, d'entropie et de probabilité des classes, et le journal et une table facultative donnent la surface de chaque classe. Une emprise ou des polygones de masque limitent le travail à une zone d'intérêt.</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="39" />
        <source>Cancelled by the user; </source>
        <translation>Annulé par l'utilisateur ; </translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="44" />
        <source>Reads the value of every band of the raster stack at each labelled pixel and writes a training table: one point per sample with its class, the id of the label feature it came from, its x/y and one numeric field per band (named from the band description, else b1..bN). Rasters on another grid or CRS are resampled on the fly onto the first raster's grid. Only the raster blocks that hold labels are read. The log and the report table give, per class, the samples kept and those dropped outside the raster, on nodata, in conflict with another class, as duplicates or over the caps, and the label features without a geometry; label features without a class (empty, blank, NULL or NaN) are counted in a row '(no class)' and a warning.</source>
        <translation>Lit la valeur de chaque bande de la pile raster à chaque pixel étiqueté et écrit une table d'entraînement : un point par échantillon avec sa classe, l'identifiant de l'entité étiquetée d'où il vient, ses x/y et un champ numérique par bande (nommé d'après la description de la bande, sinon b1..bN). Les rasters sur une autre grille ou dans un autre SCR sont rééchantillonnés à la volée sur la grille du premier raster. Seuls les blocs raster qui contiennent des étiquettes sont lus. Le journal et la table du rapport donnent, par classe, les échantillons gardés et ceux écartés hors du raster, sur nodata, en conflit avec une autre classe, en double ou au-delà des plafonds, et les entités étiquetées sans géométrie ; les entités sans classe (vide, blanc, NULL ou NaN) sont comptées dans une ligne « (no class) » et un avertissement.</translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="21" />
        <source>Writes the features of a recipe (raw bands, spectral indices, focal statistics, texture, slope, distances) as a float32 GeoTIFF with one named band per feature, for a look at them or use elsewhere. lulc:sample and lulc:predict compute the same features on the fly and never need this file.</source>
        <translation>Écrit les variables d'une recette (bandes brutes, indices spectraux, statistiques focales, texture, pente, distances) dans un GeoTIFF float32 avec une bande nommée par variable, pour les examiner ou les utiliser ailleurs. lulc:sample et lulc:predict calculent les mêmes variables à la volée et n'ont jamais besoin de ce fichier.</translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="40" />
        <source>Trains a classifier on a sample table (from lulc:sample): every numeric field except the class field and the sample's id and x/y is a feature. Accuracy is measured on samples the model did not see (hold-out, k-fold, or spatial cross-validation by polygon or by block, which also reports random k-fold figures so that their optimism shows): overall accuracy, kappa, macro and weighted F1, Matthews correlation, per-class scores, confusion matrix and permutation feature importance. The model is then refitted on all samples and saved as a .lulcmodel file for lulc:predict.</source>
        <translation>Entraîne un classifieur sur une table d'échantillons (de lulc:sample) : chaque champ numérique sauf le champ de classe, l'identifiant et les x/y de l'échantillon est une variable. L'exactitude est mesurée sur des échantillons que le modèle n'a pas vus (échantillon de test, k plis, ou validation croisée spatiale par polygone ou par bloc, qui donne aussi les chiffres en k plis aléatoires pour que leur optimisme se voie) : exactitude globale, kappa, F1 macro et pondéré, corrélation de Matthews, scores par classe, matrice de confusion et importance des variables par permutation. Le modèle est ensuite réajusté sur tous les échantillons et enregistré dans un fichier .lulcmodel pour lulc:predict.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="32" />
        <source>Number of trees / boosting rounds</source>
        <translation>Nombre d'arbres / d'itérations de boosting</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="32" />
        <source>Random forest, extra trees, gradient boosting, LightGBM, XGBoost.</source>
        <translation>Forêt aléatoire, arbres extrêmement aléatoires, gradient boosting, LightGBM, XGBoost.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="37" />
        <source>Maximum tree depth</source>
        <translation>Profondeur maximale des arbres</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="37" />
        <source>Tree models; 0 or empty: no limit (boosting: the library default).</source>
        <translation>Modèles à arbres ; 0 ou vide : pas de limite (boosting : la valeur par défaut de la bibliothèque).</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="42" />
        <source>Minimum samples per leaf</source>
        <translation>Nombre minimal d'échantillons par feuille</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="42" />
        <source>Tree models; larger values smooth the model.</source>
        <translation>Modèles à arbres ; des valeurs plus grandes lissent le modèle.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="47" />
        <source>Learning rate</source>
        <translation>Taux d'apprentissage</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="55" />
        <source>C (regularisation)</source>
        <translation>C (régularisation)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="55" />
        <source>SVM and logistic regression; larger values fit the training samples more closely.</source>
        <translation>SVM et régression logistique ; des valeurs plus grandes collent davantage aux échantillons d'entraînement.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="62" />
        <source>Gamma (RBF kernel width)</source>
        <translation>Gamma (largeur du noyau RBF)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="62" />
        <source>SVM; empty: 'scale' (1 / (features x variance)).</source>
        <translation>SVM ; vide : « scale » (1 / (variables x variance)).</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="67" />
        <source>Number of neighbours</source>
        <translation>Nombre de voisins</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="67" />
        <source>k-nearest neighbours.</source>
        <translation>k plus proches voisins.</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Overall accuracy</source>
        <translation>Exactitude globale</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="95" />
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="96" />
        <source>Macro F1</source>
        <translation>F1 macro</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="97" />
        <source>Weighted F1</source>
        <translation>F1 pondéré</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="98" />
        <source>Matthews correlation</source>
        <translation>Corrélation de Matthews</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="99" />
        <source>Overall accuracy under random k-fold (spatial validation only)</source>
        <translation>Exactitude globale en k plis aléatoires (validation spatiale seulement)</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Algorithm</source>
        <translation>Algorithme</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="137" />
        <source>Balanced class weights</source>
        <translation>Poids de classes équilibrés</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="146" />
        <source>Test fraction</source>
        <translation>Part de test</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="146" />
        <source>Hold-out: share of each class's samples held out (stratified). A class with a single sample is used for training only and named in the log and report.</source>
        <translation>Échantillon de test : part des échantillons de chaque classe mise de côté (stratifiée). Une classe avec un seul échantillon sert uniquement à l'entraînement et est nommée dans le journal et le rapport.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="156" />
        <source>Folds</source>
        <translation>Plis</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="167" />
        <source>Block size (map units)</source>
        <translation>Taille des blocs (unités de carte)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="167" />
        <source>Spatial blocks: side of the square blocks in the samples' map units (e.g. 1000 for 1 km in a metric CRS); choose it larger than the distance at which pixels look alike.</source>
        <translation>Blocs spatiaux : côté des blocs carrés dans les unités de carte des échantillons (p. ex. 1000 pour 1 km dans un SCR métrique) ; choisissez-le plus grand que la distance à laquelle les pixels se ressemblent.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="177" />
        <source>Hyperparameter search candidates</source>
        <translation>Candidats de la recherche d'hyperparamètres</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="177" />
        <source>Randomized search: number of hyperparameter candidates tried (0: no search). Each training part runs its own search with inner folds of the chosen kind, so the test samples never influence the choice.</source>
        <translation>Recherche aléatoire : nombre de jeux d'hyperparamètres essayés (0 : pas de recherche). Chaque partie d'entraînement fait sa propre recherche avec des plis internes du type choisi, si bien que les échantillons de test n'influencent jamais le choix.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="195" />
        <source>Empty: the model's default.</source>
        <translation>Vide : la valeur par défaut du modèle.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="202" />
        <source>Hidden layers (MLP)</source>
        <translation>Couches cachées (MLP)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="202" />
        <source>MLP: neurons per hidden layer, separated by commas (e.g. 100,50). Empty: 100.</source>
        <translation>MLP : neurones par couche cachée, séparés par des virgules (p. ex. 100,50). Vide : 100.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="245" />
        <source>The trained model (.lulcmodel): the estimator in a format that loads without running code, and a manifest with band names, classes, CRS, library versions and accuracy. Use it in lulc:predict; lulc:modelinfo shows the manifest.</source>
        <translation>Le modèle entraîné (.lulcmodel) : l'estimateur dans un format qui se charge sans exécuter de code, et un manifeste avec les noms des bandes, les classes, le SCR, les versions des bibliothèques et l'exactitude. Utilisez-le dans lulc:predict ; lulc:modelinfo affiche le manifeste.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>Accuracy report</source>
        <translation>Rapport d'exactitude</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>Self-contained HTML report: figures, per-class scores, confusion matrix (counts, shares, heatmap) and permutation feature importance.</source>
        <translation>Rapport HTML autonome : chiffres, scores par classe, matrice de confusion (nombres, parts, carte de chaleur) et importance des variables par permutation.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>Metrics (JSON)</source>
        <translation>Métriques (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>Every figure of the report in machine-readable JSON.</source>
        <translation>Tous les chiffres du rapport en JSON lisible par machine.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>Confusion matrix (CSV)</source>
        <translation>Matrice de confusion (CSV)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="255" />
        <source>The confusion matrix: rows are reference classes, columns predicted classes.</source>
        <translation>La matrice de confusion : les lignes sont les classes de référence, les colonnes les classes prédites.</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="41" />
        <source>Draws a stratified random sample of pixels from a classified map, for an accuracy assessment with lulc:assess (good practice of Olofsson et al. 2014). The sample size follows from the target standard error of overall accuracy and the expected user's accuracy (their eq. 13), unless a total is given; it is allocated to the map classes with a minimum per class and the rest proportionally, proportionally, or equally. The points carry the map class, an empty 'reference' field for the analyst to fill by interpreting imagery, and the stratum weights.</source>
        <translation>Tire un échantillon aléatoire stratifié de pixels d'une carte classée, pour une évaluation de l'exactitude avec lulc:assess (bonnes pratiques d'Olofsson et al. 2014). La taille de l'échantillon découle de l'erreur type visée de l'exactitude globale et de l'exactitude de l'utilisateur attendue (leur éq. 13), sauf si un total est donné ; elle est répartie entre les classes de la carte avec un minimum par classe et le reste proportionnellement, proportionnellement, ou à parts égales. Les points portent la classe de la carte, un champ « reference » vide que l'analyste remplit en interprétant l'imagerie, et les poids des strates.</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="18" />
        <source>Classify image (one step)…</source>
        <translation>Classer une image (en une étape)…</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="18" />
        <source>Sample raster at labels…</source>
        <translation>Échantillonner le raster aux étiquettes…</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="18" />
        <source>Train classifier…</source>
        <translation>Entraîner le classifieur…</translation>
    </message>
    <message>
        <location filename="../ui/launch.py" line="18" />
        <source>Predict land-cover map…</source>
        <translation>Prédire la carte d'occupation du sol…</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="105" />
        <source>{count} class found: a classifier needs at least 2.</source>
        <translation>{count} classe trouvée : un classifieur en demande au moins 2.</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="111" />
        <source>Few labels in {classes}: add at least {minimum} per class for a usable model and an honest accuracy.</source>
        <translation>Peu d'étiquettes dans {classes} : ajoutez-en au moins {minimum} par classe pour un modèle utilisable et une exactitude honnête.</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="119" />
        <source>{count} features have no class and are ignored.</source>
        <translation>{count} entités n'ont pas de classe et sont ignorées.</translation>
    </message>
    <message>
        <location filename="../ui/runner.py" line="122" />
        <source>The run failed.</source>
        <translation>L'exécution a échoué.</translation>
    </message>
    <message>
        <location filename="../ui/runner.py" line="120" />
        <source>Cancelled: no output was written.</source>
        <translation>Annulé : aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="41" />
        <source>accuracy assessment,area estimation,confusion matrix,validation</source>
        <translation>évaluation de l'exactitude,estimation des surfaces,matrice de confusion,validation</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="36" />
        <source>land cover,land use,lulc,classification,supervised classification,machine learning,remote sensing</source>
        <translation>occupation du sol,usage du sol,lulc,classification,classification supervisée,apprentissage automatique,télédétection</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="21" />
        <source>area,statistics,hectares</source>
        <translation>surface,statistiques,hectares</translation>
    </message>
    <message>
        <location filename="../processing_provider/classify.py" line="55" />
        <source>random forest,svm,support vector machine,train,predict,one step,scikit-learn</source>
        <translation>forêt aléatoire,svm,machine à vecteurs de support,entraîner,prédire,en une étape,scikit-learn</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="26" />
        <source>{sensor} (scale {scale}, offset {offset})</source>
        <translation>{sensor} (échelle {scale}, décalage {offset})</translation>
    </message>
    <message>
        <location filename="../processing_provider/feature_params.py" line="130" />
        <source>Optional vector layer (roads, rivers, coast...): the distance from each pixel to its nearest feature is added, in map units, capped at the maximum distance. Give the same layer to lulc:predict (its 'Distance layer'): a model file names no file to open.</source>
        <translation>Couche vecteur facultative (routes, rivières, côte…) : la distance de chaque pixel à l'entité la plus proche est ajoutée, en unités de carte, plafonnée à la distance maximale. Donnez la même couche à lulc:predict (sa « Couche de distance ») : un fichier modèle ne nomme aucun fichier à ouvrir.</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="36" />
        <source>class names,colours,style</source>
        <translation>noms de classe,couleurs,style</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="37" />
        <source>Renames and recolours classes of a model file (.lulcmodel), of a class map from lulc:predict, or of both at once, so that the map's style and the model's legend follow. It edits the given files in place and changes only their metadata: the model's manifest (the estimator and the model id are kept, so predictions are the same), and the map's colour table, class names (LULC_CLASSES and CLASS_&lt;code&gt; tags) and its .qml style beside it; the map's pixel values never change. Classes not listed keep their name and colour. Given the run's metrics (JSON) and accuracy report, they get the new names too (the report is written again from the metrics and the model). Every change is checked before any file is written, and only the files given are touched; with a model and a map, they must have the same class codes and the map gets the model's legend; the metrics and report must be from the model's run.</source>
        <translation>Renomme et recolore les classes d'un fichier modèle (.lulcmodel), d'une carte de classes de lulc:predict, ou des deux à la fois, pour que le style de la carte et la légende du modèle suivent. Modifie les fichiers donnés sur place et seulement leurs métadonnées : le manifeste du modèle (l'estimateur et l'identifiant du modèle sont gardés, donc les prédictions sont les mêmes), et la table de couleurs de la carte, ses noms de classe (étiquettes LULC_CLASSES et CLASS_&lt;code&gt;) et son style .qml à côté ; les valeurs des pixels de la carte ne changent jamais. Les classes non listées gardent leur nom et leur couleur. Si les métriques (JSON) et le rapport d'exactitude de l'exécution sont donnés, ils reçoivent aussi les nouveaux noms (le rapport est réécrit à partir des métriques et du modèle). Chaque modification est vérifiée avant l'écriture de tout fichier, et seuls les fichiers donnés sont modifiés ; avec un modèle et une carte, ils doivent avoir les mêmes codes de classe et la carte reçoit la légende du modèle ; les métriques et le rapport doivent provenir de l'exécution du modèle.</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="39" />
        <source>model,manifest,metadata</source>
        <translation>modèle,manifeste,métadonnées</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="71" />
        <source>Integer or text field with each label's class. Integer codes are kept as map values; text classes become codes 1..N (alphabetical) and their text is the class name. A field named 'class' (any case) is preselected; otherwise choose one.</source>
        <translation>Champ entier ou texte avec la classe de chaque étiquette. Les codes entiers sont gardés comme valeurs de la carte ; les classes texte deviennent les codes 1..N (ordre alphabétique) et leur texte est le nom de la classe. Un champ nommé « class » (majuscules ou minuscules) est présélectionné ; sinon, choisissez-en un.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="53" />
        <source>random forest,model,prediction,classified map,apply model</source>
        <translation>forêt aléatoire,modèle,prédiction,carte classée,appliquer le modèle</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="43" />
        <source>training samples,extract,pixel values,labels</source>
        <translation>échantillons d'entraînement,extraire,valeurs des pixels,étiquettes</translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="20" />
        <source>band stack,spectral indices,ndvi,features</source>
        <translation>pile de bandes,indices spectraux,ndvi,variables</translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="36" />
        <source>random forest,svm,support vector machine,gradient boosting,model,training,accuracy,cross-validation,scikit-learn</source>
        <translation>forêt aléatoire,svm,machine à vecteurs de support,gradient boosting,modèle,entraînement,exactitude,validation croisée,scikit-learn</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="123" />
        <source>How accuracy is measured on samples the model did not see: {choices} (the test fraction and the block size are advanced options). Pixels of one polygon, or close to each other, are alike: random splits are optimistic. Spatial schemes keep whole polygons (or blocks) in one fold and report the random k-fold figures beside theirs.</source>
        <translation>Comment l'exactitude est mesurée sur des échantillons que le modèle n'a pas vus : {choices} (la fraction de test et la taille des blocs sont des options avancées). Les pixels d'un même polygone, ou proches les uns des autres, se ressemblent : les partitions aléatoires sont optimistes. Les schémas spatiaux gardent des polygones (ou blocs) entiers dans un même pli et donnent les chiffres en k plis aléatoires à côté des leurs.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="207" />
        <source>Class names and colours</source>
        <translation>Noms et couleurs des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="207" />
        <source>Class value</source>
        <translation>Valeur de classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="207" />
        <source>Names and colours to give classes, one row per class: its value in the class field (e.g. 3, or Water for a text field), its name and its colour as #rrggbb. They replace the name and colour fields and the defaults; classes are matched by value, so the legend applies to later runs even when classes are added. A JSON list like the Classes output is accepted too. Empty: names and colours from the labels.</source>
        <translation>Noms et couleurs à donner aux classes, une ligne par classe : sa valeur dans le champ de classe (par ex. 3, ou Eau pour un champ texte), son nom et sa couleur en #rrggbb. Ils remplacent les champs de nom et de couleur et les valeurs par défaut ; les classes sont reconnues par leur valeur, donc la légende s'applique aux exécutions suivantes même quand des classes sont ajoutées. Une liste JSON comme la sortie Classes est aussi acceptée. Vide : noms et couleurs tirés des étiquettes.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="289" />
        <source>Classes (JSON)</source>
        <translation>Classes (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="40" />
        <source>accuracy assessment,stratified random sampling,reference points,validation</source>
        <translation>évaluation de l'exactitude,échantillonnage aléatoire stratifié,points de référence,validation</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="123" />
        <source>[empty: saved in the results folder]</source>
        <translation>[vide : enregistré dans le dossier des résultats]</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="202" />
        <source>Outputs left empty are saved in {folder}; they stay when QGIS closes.</source>
        <translation>Les sorties laissées vides sont enregistrées dans {folder} ; elles restent après la fermeture de QGIS.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="507" />
        <source>The last run failed: no accuracy to show.</source>
        <translation>La dernière exécution a échoué : aucune exactitude à afficher.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="547" />
        <source>Preview ready in {seconds:.1f} s.</source>
        <translation>Aperçu prêt en {seconds:.1f} s.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="549" />
        <source>Map ready in {seconds:.1f} s, saved as {path}.</source>
        <translation>Carte prête en {seconds:.1f} s, enregistrée sous {path}.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="553" />
        <source>The run had finished before Cancel could stop it. </source>
        <translation>L'exécution était terminée avant qu'Annuler ne puisse l'arrêter. </translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="555" />
        <source>Warnings (also in the LULC Classifier log):</source>
        <translation>Avertissements (aussi dans le journal LULC Classifier) :</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="696" />
        <source>Legend applied to the map's files; its layer was removed.</source>
        <translation>Légende appliquée aux fichiers de la carte ; sa couche avait été retirée.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="706" />
        <source>Legend applied to '{name}': its map, model, accuracy and report.</source>
        <translation>Légende appliquée à « {name} » : sa carte, son modèle, son exactitude et son rapport.</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="61" />
        <source>(no class)</source>
        <translation>(sans classe)</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="185" />
        <source>QGIS cannot open the map '{path}'.</source>
        <translation>QGIS ne peut pas ouvrir la carte « {path} ».</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="196" />
        <source>QGIS cannot open the confidence layer '{path}'.</source>
        <translation>QGIS ne peut pas ouvrir la couche de confiance « {path} ».</translation>
    </message>
    <message>
        <location filename="../ui/legend_state.py" line="45" />
        <source>Classify to edit the legend of the map.</source>
        <translation>Lancez Classer pour modifier la légende de la carte.</translation>
    </message>
    <message>
        <location filename="../ui/legend_state.py" line="122" />
        <source>Editing the legend of the preview '{name}' (canvas extent only: there is no classified map yet). Names and colours you apply are kept for later runs.</source>
        <translation>Modification de la légende de l'aperçu « {name} » (étendue du canevas seulement : il n'y a pas encore de carte classée). Les noms et couleurs que vous appliquez sont gardés pour les exécutions suivantes.</translation>
    </message>
    <message>
        <location filename="../ui/legend_state.py" line="127" />
        <source>Editing the legend of the classified map '{name}'. Names and colours you apply are kept for later runs (previews do not change this map).</source>
        <translation>Modification de la légende de la carte classée « {name} ». Les noms et couleurs que vous appliquez sont gardés pour les exécutions suivantes (les aperçus ne changent pas cette carte).</translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="58" />
        <source>No free file name in '{folder}': remove old results from it.</source>
        <translation>Aucun nom de fichier libre dans « {folder} » : supprimez-en d'anciens résultats.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="31" />
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <location filename="../ui/runner.py" line="68" />
        <source>The algorithm {id} is not registered: reinstall LULC Classifier.</source>
        <translation>L'algorithme {id} n'est pas enregistré : réinstallez LULC Classifier.</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="44" />
        <source>An unexpected error stopped the run ({error}). This is a bug in LULC Classifier: please report it with the details from the 'LULC Classifier' tab of the Log Messages panel. {written}</source>
        <translation>Une erreur inattendue a arrêté l'exécution ({error}). C'est un bogue de LULC Classifier : merci de le signaler avec les détails de l'onglet « LULC Classifier » du panneau Journal des messages. {written}</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="128" />
        <source>Not enough memory for this run: lower the memory budget, classify a smaller extent, or close other programs.</source>
        <translation>Pas assez de mémoire pour cette exécution : baissez le budget mémoire, classez une étendue plus petite ou fermez d'autres programmes.</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="137" />
        <source>Before the failure, {written}</source>
        <translation>Avant l'échec, {written}</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="144" />
        <source>no output was written.</source>
        <translation>aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../processing_provider/run_guard.py" line="145" />
        <source>already written: {files}.</source>
        <translation>déjà écrit : {files}.</translation>
    </message>
    <message>
        <location filename="../ui/layers.py" line="92" />
        <source>The labels layer '{name}' could not be copied for the run: {error}</source>
        <translation>La couche d'étiquettes « {name} » n'a pas pu être copiée pour l'exécution : {error}</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="406" />
        <source>Resolution (pixel size of the map)</source>
        <translation>Résolution (taille des pixels de la carte)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="406" />
        <source>Optional pixel size of the map in the rasters' map units (metres, degrees...), for a quick look at a large area (the panel's Preview passes the map canvas's): rounded to a whole number of the image's pixels, never finer than the image, and read decimated (nearest neighbour, from the rasters' overviews where they have some). Empty or 0: the image's resolution. A model with focal statistics, texture, slope or distance features is applied at the image's resolution (their values depend on the pixel size).</source>
        <translation>Taille facultative des pixels de la carte, dans les unités cartographiques des rasters (mètres, degrés...), pour un aperçu rapide d'une grande zone (l'aperçu du panneau passe celle du canevas) : arrondie à un nombre entier de pixels de l'image, jamais plus fine que l'image, et lue décimée (plus proche voisin, dans les aperçus (overviews) des rasters quand ils en ont). Vide ou 0 : la résolution de l'image. Un modèle avec des statistiques focales, de la texture, la pente ou des distances est appliqué à la résolution de l'image (leurs valeurs dépendent de la taille des pixels).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="421" />
        <source>Preview of the canvas extent with the last model…</source>
        <translation>Aperçu de l'emprise du canevas avec le dernier modèle…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="542" />
        <source>Preview ready in {seconds:.1f} s, with the model of the last run (its labels and settings are unchanged).</source>
        <translation>Aperçu prêt en {seconds:.1f} s, avec le modèle de la dernière exécution (ses étiquettes et ses réglages n'ont pas changé).</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="225" />
        <source>Model this run retrains</source>
        <translation>Modèle que cette exécution réentraîne</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="225" />
        <source>The model trained before with fewer labels (the panel's Retrain gives it): its learning history is carried into the new model, which adds its own entry, so the report and the panel show accuracy against the number of labels. Only its manifest is read; it is never overwritten. Empty: the history starts with this run.</source>
        <translation>Le modèle entraîné auparavant avec moins d'étiquettes (le bouton Réentraîner du panneau le fournit) : son historique d'apprentissage est repris dans le nouveau modèle, qui y ajoute sa propre entrée, de sorte que le rapport et le panneau montrent la précision en fonction du nombre d'étiquettes. Seul son manifeste est lu ; il n'est jamais écrasé. Vide : l'historique commence avec cette exécution.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="156" />
        <source>Cross-validation: number of folds. A class with fewer samples (or polygons, or blocks, for spatial schemes) than folds is tested in as many folds as it has; a class with one is used for training only. The log and report say which.</source>
        <translation>Validation croisée : nombre de plis. Une classe qui a moins d'échantillons (ou de polygones, ou de blocs, pour les schémas spatiaux) que de plis est testée dans autant de plis qu'elle en a ; une classe qui n'en a qu'un sert seulement à l'entraînement. Le journal et le rapport disent lesquelles.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="39" />
        <source>{low} to {high}</source>
        <translation>{low} à {high}</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="60" />
        <source>&lt;b&gt;Overall accuracy {oa}&lt;/b&gt;{oa_ci} · kappa {kappa} · macro F1 {f1}&lt;br&gt;{scheme}: {n_test} test samples, {n_train} training samples.</source>
        <translation>&lt;b&gt;Exactitude globale {oa}&lt;/b&gt;{oa_ci} · kappa {kappa} · F1 macro {f1}&lt;br&gt;{scheme} : {n_test} échantillons de test, {n_train} échantillons d'entraînement.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="63" />
        <source>(95 % CI {span})</source>
        <translation>(IC à 95 % {span})</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="80" />
        <source>Across the {folds} folds: mean {mean}, std {std}, min {min}, max {max}.</source>
        <translation>Sur les {folds} plis : moyenne {mean}, écart type {std}, min {min}, max {max}.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="93" />
        <source>Tested in fewer folds: {classes}.</source>
        <translation>Testées dans moins de plis : {classes}.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="95" />
        <source>Not evaluated (too few samples): {classes}.</source>
        <translation>Non évaluées (trop peu d'échantillons) : {classes}.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="104" />
        <source>Random k-fold on the same samples: {oa}; the difference is within the uncertainty (the 95 % intervals overlap).</source>
        <translation>k plis aléatoires sur les mêmes échantillons : {oa} ; la différence reste dans l'incertitude (les intervalles à 95 % se recouvrent).</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="109" />
        <source>Random k-fold on the same samples: {oa}; optimistic, as neighbouring pixels are alike.</source>
        <translation>k plis aléatoires sur les mêmes échantillons : {oa} ; optimiste, car les pixels voisins se ressemblent.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="124" />
        <source>In brackets: 95 % confidence interval.</source>
        <translation>Entre parenthèses : intervalle de confiance à 95 %.</translation>
    </message>
    <message>
        <location filename="../ui/results.py" line="165" />
        <source>95 % confidence interval: {span}</source>
        <translation>Intervalle de confiance à 95 % : {span}</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="93" />
        <source>Overall accuracy: lower bound of its 95 % interval</source>
        <translation>Précision globale : borne inférieure de son intervalle à 95 %</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="94" />
        <source>Overall accuracy: upper bound of its 95 % interval</source>
        <translation>Précision globale : borne supérieure de son intervalle à 95 %</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="227" />
        <source>The unsaved edits of the layer '{name}' could not be copied for the run ({error}): save the layer, or undo the edits, and run again.</source>
        <translation>Les modifications non enregistrées de la couche « {name} » n'ont pas pu être copiées pour l'exécution ({error}) : enregistrez la couche, ou annulez les modifications, et relancez.</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="233" />
        <source>The layer '{name}' has unsaved edits: this run uses them, as the layer shows them (its file is unchanged).</source>
        <translation>La couche « {name} » a des modifications non enregistrées : cette exécution les utilise, telles que la couche les montre (son fichier n'est pas modifié).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="614" />
        <source>Classify first: the suggestions come from the model.</source>
        <translation>Lancez d'abord Classer : les suggestions viennent du modèle.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="616" />
        <source>This version of LULC Classifier has no lulc:suggest algorithm.</source>
        <translation>Cette version de LULC Classifier n'a pas d'algorithme lulc:suggest.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="639" />
        <source>Looking for the places the model is least sure of…</source>
        <translation>Recherche des endroits où le modèle est le moins sûr…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="666" />
        <source>No place to suggest: every valid pixel is labelled or masked.</source>
        <translation>Aucun endroit à suggérer : chaque pixel valide est étiqueté ou masqué.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="669" />
        <source>{count} places to label, the model's least sure first: the map shows the first. Answer with the class buttons under Label where the model is unsure.</source>
        <translation>{count} endroits à étiqueter, ceux où le modèle est le moins sûr d'abord : la carte montre le premier. Répondez avec les boutons de classe sous Étiqueter là où le modèle hésite.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="50" />
        <source>The labels layer '{name}' is not a point or polygon layer ({kind}): labelling in place adds points or one-pixel squares. Choose a point or polygon layer under 2. Labels.</source>
        <translation>La couche d'étiquettes « {name} » n'est pas une couche de points ou de polygones ({kind}) : l'étiquetage sur place ajoute des points ou des carrés d'un pixel. Choisissez une couche de points ou de polygones sous 2. Étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="61" />
        <source>The suggestion cannot be placed in the CRS of the labels layer '{name}' ({crs}): {error}</source>
        <translation>La suggestion ne peut pas être placée dans le SCR de la couche d'étiquettes « {name} » ({crs}) : {error}</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="75" />
        <source>The labels layer '{name}' has no field '{field}': choose the class field.</source>
        <translation>La couche d'étiquettes « {name} » n'a pas de champ « {field} » : choisissez le champ de classe.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="86" />
        <source>The class value '{value}' does not fit the field '{field}' ({type}) of '{name}': choose the class field the model was trained on.</source>
        <translation>La valeur de classe « {value} » ne convient pas au champ « {field} » ({type}) de « {name} » : choisissez le champ de classe sur lequel le modèle a été entraîné.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="101" />
        <source>The labels layer '{name}' cannot be edited: save it as a GeoPackage and choose that copy under 2. Labels.</source>
        <translation>La couche d'étiquettes « {name} » n'est pas modifiable : enregistrez-la en GeoPackage et choisissez cette copie sous 2. Étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="108" />
        <source>QGIS could not start editing the labels layer '{name}'.</source>
        <translation>QGIS n'a pas pu passer la couche d'étiquettes « {name} » en mode édition.</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="115" />
        <source>Label in place: {value}</source>
        <translation>Étiquetage sur place : {value}</translation>
    </message>
    <message>
        <location filename="../ui/label_edit.py" line="118" />
        <source>The label could not be added to '{name}'.</source>
        <translation>L'étiquette n'a pas pu être ajoutée à « {name} ».</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="153" />
        <source>Choose the labels layer and its class field under 2. Labels.</source>
        <translation>Choisissez la couche d'étiquettes et son champ de classe sous 2. Étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="204" />
        <source>Label this place as {name} (key {key})</source>
        <translation>Étiqueter cet endroit comme {name} (touche {key})</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="204" />
        <source>Label this place as {name}</source>
        <translation>Étiqueter cet endroit comme {name}</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="218" />
        <source>&lt;b&gt;Place {k} of {n}&lt;/b&gt;: the model says &lt;b&gt;{name}&lt;/b&gt;. What is it?</source>
        <translation>&lt;b&gt;Endroit {k} sur {n}&lt;/b&gt; : le modèle prédit &lt;b&gt;{name}&lt;/b&gt;. Qu'est-ce que c'est ?</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="220" />
        <source>&lt;b&gt;Place {k} of {n}&lt;/b&gt;: the model says &lt;b&gt;{name}&lt;/b&gt;, confidence {percent:.0f} %. What is it?</source>
        <translation>&lt;b&gt;Endroit {k} sur {n}&lt;/b&gt; : le modèle prédit &lt;b&gt;{name}&lt;/b&gt;, confiance {percent:.0f} %. Qu'est-ce que c'est ?</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="272" />
        <source>{added} · {skipped} skipped · {unsure} not sure</source>
        <translation>{added} · {skipped} passés · {unsure} incertains</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="277" />
        <source>All {n} places answered.</source>
        <translation>Les {n} endroits ont reçu une réponse.</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="279" />
        <source>Stopped at place {k} of {n}.</source>
        <translation>Arrêté à l'endroit {k} sur {n}.</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="284" />
        <source>Retrain to use the new labels.</source>
        <translation>Réentraînez pour utiliser les nouvelles étiquettes.</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="290" />
        <source>No label added</source>
        <translation>Aucune étiquette ajoutée</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="293" />
        <source>1 label added, not saved (save the layer's edits to keep it)</source>
        <translation>1 étiquette ajoutée, non enregistrée (enregistrez les modifications de la couche pour la garder)</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="294" />
        <source>{count} labels added, not saved (save the layer's edits to keep them)</source>
        <translation>{count} étiquettes ajoutées, non enregistrées (enregistrez les modifications de la couche pour les garder)</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="298" />
        <source>Labels added: {count}, saved</source>
        <translation>Étiquettes ajoutées : {count}, enregistrées</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="300" />
        <source>Labels added: {count}, then discarded (the layer's edits were rolled back)</source>
        <translation>Étiquettes ajoutées : {count}, puis abandonnées (les modifications de la couche ont été annulées)</translation>
    </message>
    <message>
        <location filename="../ui/labelling.py" line="303" />
        <source>Labels added: {count}, of which {pending} not saved and {discarded} discarded</source>
        <translation>Étiquettes ajoutées : {count}, dont {pending} non enregistrées et {discarded} abandonnées</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="69" />
        <source>{oa:.3f} (95 % interval {low:.3f}–{high:.3f})</source>
        <translation>{oa:.3f} (intervalle à 95 % {low:.3f}–{high:.3f})</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="89" />
        <source>One run so far: overall accuracy {figure} with {labels} labels. Label where the model is unsure and retrain: each retrain adds a point.</source>
        <translation>Une seule exécution pour l'instant : exactitude globale {figure} avec {labels} étiquettes. Étiquetez là où le modèle hésite et réentraînez : chaque réentraînement ajoute un point.</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="96" />
        <source>Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: no interval to tell whether the difference is real.</source>
        <translation>Dernier réentraînement : {figure} avec {labels} étiquettes, contre {before} avec {before_labels} : aucun intervalle pour dire si la différence est réelle.</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="101" />
        <source>Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: the difference is within the uncertainty (the 95 % intervals overlap).</source>
        <translation>Dernier réentraînement : {figure} avec {labels} étiquettes, contre {before} avec {before_labels} : la différence reste dans l'incertitude (les intervalles à 95 % se chevauchent).</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="106" />
        <source>Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: higher, beyond the uncertainty (the 95 % intervals do not overlap).</source>
        <translation>Dernier réentraînement : {figure} avec {labels} étiquettes, contre {before} avec {before_labels} : plus élevée, au-delà de l'incertitude (les intervalles à 95 % ne se chevauchent pas).</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="111" />
        <source>Last retrain: {figure} with {labels} labels, against {before} with {before_labels}: lower, beyond the uncertainty (the 95 % intervals do not overlap).</source>
        <translation>Dernier réentraînement : {figure} avec {labels} étiquettes, contre {before} avec {before_labels} : plus basse, au-delà de l'incertitude (les intervalles à 95 % ne se chevauchent pas).</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="122" />
        <source>The two were measured differently ({before} and {last}): compare with care.</source>
        <translation>Les deux ont été mesurées différemment ({before} et {last}) : comparez avec prudence.</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Samples</source>
        <translation>Échantillons</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>95 % interval</source>
        <translation>Intervalle à 95 %</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="130" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="276" />
        <source>labels</source>
        <translation>étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/learning_curve.py" line="287" />
        <source>&lt;b&gt;Learning curve&lt;/b&gt;: overall accuracy against labels</source>
        <translation>&lt;b&gt;Courbe d'apprentissage&lt;/b&gt; : exactitude globale selon le nombre d'étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="69" />
        <source>QGIS cannot open the suggestions '{path}'.</source>
        <translation>QGIS ne peut pas ouvrir les suggestions « {path} ».</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="44" />
        <source>active learning,uncertainty sampling,where to label,suggest labels,margin,entropy</source>
        <translation>apprentissage actif,échantillonnage par incertitude,où étiqueter,suggérer des étiquettes,marge,entropie</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="47" />
        <source>Points at the pixels worth labelling next: those the model is least sure of, so that each new label teaches it the most (active learning by uncertainty sampling). One pass over the image, block by block with bounded memory, scores every valid pixel by the margin between its two most likely classes, the entropy of its class probabilities, or one minus its top probability. The most uncertain are kept a minimum distance apart and away from the existing labels, so that they do not cluster in one field, and the predicted classes take turns, so that rare classes get suggestions too. The output is a point layer, one point at each suggested pixel's centre, ranked (rank 1: label first), with the model's class field left empty for you to fill, the predicted class, the confidence, the margin and the uncertainty. Nodata pixels, and pixels outside the extent or mask, are never suggested; a seed makes a run repeatable.</source>
        <translation>Désigne les pixels qu'il vaut la peine d'étiqueter ensuite : ceux dont le modèle est le moins sûr, pour que chaque nouvelle étiquette lui apprenne le plus (apprentissage actif par échantillonnage selon l'incertitude). Un seul passage sur l'image, bloc par bloc avec une mémoire bornée, note chaque pixel valide selon la marge entre ses deux classes les plus probables, l'entropie de ses probabilités de classe, ou un moins sa probabilité la plus haute. Les plus incertains sont tenus à une distance minimale les uns des autres et des étiquettes existantes, pour qu'ils ne se regroupent pas dans une même parcelle, et les classes prédites jouent chacune leur tour, pour que les classes rares reçoivent aussi des suggestions. La sortie est une couche de points, un point au centre de chaque pixel suggéré, classés par rang (rang 1 : à étiqueter en premier), avec le champ de classe du modèle laissé vide pour que vous le remplissiez, la classe prédite, la confiance, la marge et l'incertitude. Les pixels nodata, et ceux hors de l'emprise ou du masque, ne sont jamais suggérés ; une graine rend un calcul reproductible.</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="142" />
        <source>A .lulcmodel file from lulc:train or lulc:classify; the rasters must match its bands (by name where bands have names, otherwise by count and order).</source>
        <translation>Un fichier .lulcmodel de lulc:train ou lulc:classify ; les rasters doivent correspondre à ses bandes (par nom quand les bandes ont un nom, sinon par nombre et ordre).</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="90" />
        <source>Segments (object-based models only)</source>
        <translation>Segments (modèles orientés objet seulement)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="105" />
        <source>The segment raster is not a raster file GDAL can read; save it as a GeoTIFF.</source>
        <translation>Le raster de segments n'est pas un fichier raster lisible par GDAL ; enregistrez-le en GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="41" />
        <source>segmentation,segments,objects,OBIA,superpixels,Felzenszwalb,SLIC</source>
        <translation>segmentation,segments,objets,OBIA,superpixels,Felzenszwalb,SLIC</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="42" />
        <source>Cuts the image into segments (objects): groups of neighbouring pixels that look alike, for object-based classification. Felzenszwalb's graph segmentation follows the image (segment sizes vary with contrast); SLIC makes compact superpixels of about the size asked for. Needs scikit-image (the message says how to install it). The image is segmented tile by tile with an overlap, in parallel and with bounded memory, so images larger than the memory work; every band is scaled once for the whole image (its 2nd and 98th percentiles), the same for every tile. Segments are joined across tile edges: where both tiles cut the overlap the same way, segments continue across the edge (a homogeneous region over several tiles is one segment), and a segment is joined to at most one segment of the next tile; where the tiles cut the overlap differently, a segment may end at the tile edge (a larger overlap makes that rarer). The output is a uint32 GeoTIFF of segment ids 1 to n (0: nodata) on the first raster's grid, and optionally the segments as polygons.</source>
        <translation>Découpe l'image en segments (objets) : des groupes de pixels voisins qui se ressemblent, pour la classification orientée objet. La segmentation par graphe de Felzenszwalb suit l'image (la taille des segments varie avec le contraste) ; SLIC produit des superpixels compacts d'environ la taille demandée. Nécessite scikit-image (le message indique comment l'installer). L'image est segmentée tuile par tuile avec un recouvrement, en parallèle et avec une mémoire bornée, si bien que les images plus grandes que la mémoire sont traitées ; chaque bande est mise à l'échelle une seule fois pour toute l'image (d'après ses 2e et 98e percentiles), de la même façon pour chaque tuile. Les segments sont raccordés d'une tuile à l'autre : là où les deux tuiles découpent le recouvrement de la même façon, les segments se prolongent au-delà du bord (une région homogène sur plusieurs tuiles forme un seul segment), et un segment est raccordé à au plus un segment de la tuile suivante ; là où les tuiles découpent le recouvrement différemment, un segment peut s'arrêter au bord de la tuile (un recouvrement plus grand rend cela plus rare). La sortie est un GeoTIFF uint32 d'identifiants de segment de 1 à n (0 : nodata) sur la grille du premier raster et, en option, les segments sous forme de polygones.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="43" />
        <source>smoothing,majority filter,sieve,minimum mapping unit,mmu,salt and pepper,speckle,regularisation,post-classification,generalisation</source>
        <translation>lissage,filtre majoritaire,tamisage,unité minimale de cartographie,umc,poivre et sel,chatoiement,régularisation,post-classification,généralisation</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="47" />
        <source>Cleans the salt-and-pepper of a classified map from lulc:predict or lulc:classify. The majority filter gives each pixel the most frequent class of its window; probability smoothing averages the class probabilities over the window and takes the most probable class; the minimum mapping unit (sieve) merges patches smaller than an area into the neighbouring class they share most border with, until none is left. Nodata stays nodata. The result keeps the map's grid, legend, colours and style; works block by block on all cores with bounded memory, and gives the class areas before and after in the log and an optional table.</source>
        <translation>Nettoie l'effet poivre et sel d'une carte classée de lulc:predict ou lulc:classify. Le filtre majoritaire donne à chaque pixel la classe la plus fréquente de sa fenêtre ; le lissage des probabilités fait la moyenne des probabilités des classes sur la fenêtre et prend la classe la plus probable ; l'unité minimale de cartographie (tamisage) fusionne les îlots plus petits qu'une surface donnée dans la classe voisine avec laquelle ils partagent la plus longue frontière, jusqu'à ce qu'il n'en reste aucun. Nodata reste nodata. Le résultat garde la grille, la légende, les couleurs et le style de la carte ; le traitement se fait bloc par bloc sur tous les cœurs avec une mémoire bornée, et donne les surfaces des classes avant et après dans le journal et dans une table facultative.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="20" />
        <source>majority filter</source>
        <translation>filtre majoritaire</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="21" />
        <source>probability smoothing</source>
        <translation>lissage des probabilités</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="22" />
        <source>minimum mapping unit (sieve)</source>
        <translation>unité minimale de cartographie (tamisage)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="24" />
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="25" />
        <source>uniform</source>
        <translation>uniforme</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="25" />
        <source>gaussian</source>
        <translation>gaussienne</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="26" />
        <source>pixels</source>
        <translation>pixels</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="26" />
        <source>hectares</source>
        <translation>hectares</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="28" />
        <source>8 (diagonal neighbours touch)</source>
        <translation>8 (les voisins en diagonale se touchent)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="28" />
        <source>4</source>
        <translation>4</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="30" />
        <source>majority filter: each pixel takes the most frequent class of its window (ties keep the pixel's class); probability smoothing: class probabilities averaged over the window, then the most probable class (needs the class probabilities); minimum mapping unit (sieve): patches smaller than the minimum area join the neighbouring class they share most border with. Nodata stays nodata.</source>
        <translation>filtre majoritaire : chaque pixel prend la classe la plus fréquente de sa fenêtre (en cas d'égalité, le pixel garde sa classe) ; lissage des probabilités : probabilités des classes moyennées sur la fenêtre, puis la classe la plus probable (nécessite les probabilités des classes) ; unité minimale de cartographie (tamisage) : les îlots plus petits que la surface minimale rejoignent la classe voisine avec laquelle ils partagent la plus longue frontière. Nodata reste nodata.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="41" />
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="55" />
        <source>Regularise the map</source>
        <translation>Régulariser la carte</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="55" />
        <source>Clean the map's speckle after the prediction (none by default).</source>
        <translation>Nettoyer l'effet poivre et sel de la carte après la prédiction (aucun nettoyage par défaut).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="55" />
        <source>The area table and the log give the areas before and after; with probability smoothing the confidence layers come from the smoothed probabilities, otherwise they stay the model's.</source>
        <translation>La table des surfaces et le journal donnent les surfaces avant et après ; avec le lissage des probabilités, les couches de confiance viennent des probabilités lissées, sinon elles restent celles du modèle.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="78" />
        <source>Window size (pixels)</source>
        <translation>Taille de la fenêtre (pixels)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="78" />
        <source>Side of the square window centred on each pixel, odd (3, 5, 7 ... up to {}), for the majority filter and probability smoothing; cut at the map's edges.</source>
        <translation>Côté de la fenêtre carrée centrée sur chaque pixel, impair (3, 5, 7 ... jusqu'à {}), pour le filtre majoritaire et le lissage des probabilités ; tronquée aux bords de la carte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="98" />
        <source>Weighting (probability smoothing)</source>
        <translation>Pondération (lissage des probabilités)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="98" />
        <source>Weights of the neighbours in probability smoothing: uniform, or gaussian (sigma = window / 6), which gives the pixel and its near neighbours more weight.</source>
        <translation>Poids des voisins dans le lissage des probabilités : uniforme, ou gaussienne (sigma = fenêtre / 6), qui donne plus de poids au pixel et à ses voisins proches.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="115" />
        <source>Minimum area (sieve)</source>
        <translation>Surface minimale (tamisage)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="115" />
        <source>For the minimum mapping unit (sieve): patches smaller than this area, in the unit below, join a neighbouring class, pass after pass until none is left (at most 10 passes; patches enclosed by nodata stay). Hectares are rounded up to whole pixels.</source>
        <translation>Pour l'unité minimale de cartographie (tamisage) : les îlots plus petits que cette surface, dans l'unité ci-dessous, rejoignent une classe voisine, passe après passe jusqu'à ce qu'il n'en reste aucun (10 passes au plus ; les îlots entourés de nodata restent). Les hectares sont arrondis au nombre entier de pixels supérieur.</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="135" />
        <source>Minimum area unit</source>
        <translation>Unité de la surface minimale</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="135" />
        <source>Pixels or hectares (a pixel's area from the map's grid; in geographic coordinates, at the map's centre row).</source>
        <translation>Pixels ou hectares (la surface d'un pixel d'après la grille de la carte ; en coordonnées géographiques, à la ligne centrale de la carte).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="153" />
        <source>Connectivity (sieve)</source>
        <translation>Connexité (tamisage)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smoothing_params.py" line="153" />
        <source>Pixels of a class make one patch when they touch by an edge or a corner (8), or by an edge only (4).</source>
        <translation>Les pixels d'une classe forment un même îlot quand ils se touchent par un côté ou un coin (8), ou par un côté seulement (4).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="440" />
        <source>Classifying the segments…</source>
        <translation>Classification des segments…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="448" />
        <source>Cutting the image into segments of similar pixels…</source>
        <translation>Découpage de l'image en segments de pixels semblables…</translation>
    </message>
    <message>
        <location filename="../ui/map_options.py" line="53" />
        <source> pixels</source>
        <translation> pixels</translation>
    </message>
    <message>
        <location filename="../ui/map_options.py" line="55" />
        <source>Smallest patch</source>
        <translation>Plus petit îlot</translation>
    </message>
    <message>
        <location filename="../ui/map_options.py" line="59" />
        <source> px window</source>
        <translation> px de fenêtre</translation>
    </message>
    <message>
        <location filename="../ui/map_options.py" line="61" />
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="281" />
        <source>Patch size (convolutional network)</source>
        <translation>Taille des vignettes (réseau convolutif)</translation>
    </message>
    <message>
        <location filename="../processing_provider/params.py" line="281" />
        <source>Also keep the square of pixels around each sample, this many pixels wide (odd, 3 to 31; 0: none), in every band: what the convolutional network learns from. 9 or 15 suit most images. Pixels beyond the image edge or on nodata have no value and are filled with the band's mean. The patches are stored in the GeoPackage sample table (not in CSV). lulc:classify takes 9 when the convolutional network is chosen and this is 0.</source>
        <translation>Conserver aussi le carré de pixels autour de chaque échantillon, de cette largeur en pixels (impaire, de 3 à 31 ; 0 : aucun), dans chaque bande : ce dont le réseau convolutif apprend. 9 ou 15 conviennent à la plupart des images. Les pixels au-delà du bord de l'image ou sans donnée n'ont pas de valeur et reçoivent la moyenne de la bande. Les vignettes sont enregistrées dans la table d'échantillons GeoPackage (pas en CSV). lulc:classify prend 9 quand le réseau convolutif est choisi et que ceci vaut 0.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="47" />
        <source>Gradient boosting, LightGBM, XGBoost, the initial rate of the MLP, and the step size of the convolutional network (Adam; default 0.003).</source>
        <translation>Gradient boosting, LightGBM, XGBoost, le taux initial du MLP, et le pas du réseau convolutif (Adam ; 0,003 par défaut).</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="72" />
        <source>Epochs (convolutional network)</source>
        <translation>Époques (réseau convolutif)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="72" />
        <source>Convolutional network: most passes over the samples (default 40); training stops earlier when the samples held back stop improving.</source>
        <translation>Réseau convolutif : nombre maximal de passages sur les échantillons (40 par défaut) ; l'entraînement s'arrête plus tôt quand les échantillons mis de côté cessent de s'améliorer.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="80" />
        <source>Filters per layer (convolutional network)</source>
        <translation>Filtres par couche (réseau convolutif)</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="80" />
        <source>Convolutional network: filters of each convolution (default 32); wider learns more patterns, slower to train and to predict.</source>
        <translation>Réseau convolutif : filtres de chaque convolution (32 par défaut) ; plus large apprend davantage de motifs, plus lent à entraîner et à prédire.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="107" />
        <source>Classifier: {choices}. Models marked 'scaled features' standardise the bands inside the model. LightGBM and XGBoost need their Python package. The convolutional network learns from the patch around each pixel (sample with a patch size) and needs PyTorch to train, not to predict.</source>
        <translation>Classifieur : {choices}. Les modèles marqués « variables normalisées » standardisent les bandes à l'intérieur du modèle. LightGBM et XGBoost nécessitent leur paquet Python. Le réseau convolutif apprend de la vignette autour de chaque pixel (échantillonner avec une taille de vignette) et nécessite PyTorch pour l'entraînement, pas pour la prédiction.</translation>
    </message>
    <message>
        <location filename="../processing_provider/training_params.py" line="137" />
        <source>Weight classes inversely to their number of samples, so rare classes count as much as common ones (not available for k-nearest neighbours and the MLP). Unticked, the convolutional network still weighs classes by the inverse square root of their number.</source>
        <translation>Pondère les classes à l'inverse de leur nombre d'échantillons, pour que les classes rares comptent autant que les classes courantes (indisponible pour les k plus proches voisins et le MLP). Décoché, le réseau convolutif pondère tout de même les classes par l'inverse de la racine carrée de leur nombre.</translation>
    </message>
</context>
<context>
    <name>AssessAlgorithm</name>
    <message>
        <location filename="../processing_provider/assess.py" line="64" />
        <source>Assess map accuracy and areas</source>
        <translation>Évaluer l'exactitude et les surfaces de la carte</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="68" />
        <source>Classified map</source>
        <translation>Carte classée</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="72" />
        <source>Reference points</source>
        <translation>Points de référence</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="83" />
        <source>Reference class field</source>
        <translation>Champ de la classe de référence</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="97" />
        <source>Sampling design</source>
        <translation>Plan d'échantillonnage</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="152" />
        <source>Overall accuracy</source>
        <translation>Exactitude globale</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="155" />
        <source>Overall accuracy 95 % half-interval</source>
        <translation>Demi-intervalle à 95 % de l'exactitude globale</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="160" />
        <source>Points used</source>
        <translation>Points utilisés</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="161" />
        <source>Sampling design used</source>
        <translation>Plan d'échantillonnage utilisé</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="68" />
        <source>The single-band class map to assess.</source>
        <translation>La carte de classes à une bande à évaluer.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="72" />
        <source>Points with the true (reference) class, e.g. lulc:validationpoints' output once its 'reference' field is filled in.</source>
        <translation>Points avec la vraie classe (de référence), p. ex. la sortie de lulc:validationpoints une fois son champ « reference » rempli.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="83" />
        <source>Field with the reference class: the map's class codes (whole numbers; decimals are refused), or its class names. Points where it is empty are counted and left out; codes the map never assigns are reported.</source>
        <translation>Champ avec la classe de référence : les codes de classe de la carte (nombres entiers ; les décimaux sont refusés), ou ses noms de classe. Les points où il est vide sont comptés et écartés ; les codes que la carte n'attribue jamais sont signalés.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="97" />
        <source>How the points were drawn. Stratified by map class (default): Olofsson et al.'s stratified estimators with the map's class areas as stratum weights, or the strata stored by lulc:validationpoints when the points carry them; also right for a simple random or systematic sample (post-stratification), so keep it unless you need plain proportions. Simple random sample: every point counts the same (plain proportions); biased for points drawn stratified by map class.</source>
        <translation>Comment les points ont été tirés. Stratifié par classe de la carte (par défaut) : les estimateurs stratifiés d'Olofsson et al. avec les surfaces des classes de la carte comme poids des strates, ou les strates enregistrées par lulc:validationpoints quand les points les portent ; convient aussi à un échantillon aléatoire simple ou systématique (post-stratification), gardez-le donc sauf besoin de proportions simples. Échantillon aléatoire simple : chaque point compte pareil (proportions simples) ; biaisé pour des points tirés en stratifiant par classe de la carte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>Assessment report</source>
        <translation>Rapport d'évaluation</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>HTML report with every estimate and interval, both confusion matrices, the design used and why, and the points left out.</source>
        <translation>Rapport HTML avec chaque estimation et intervalle, les deux matrices de confusion, le plan utilisé et pourquoi, et les points écartés.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>Assessment (JSON)</source>
        <translation>Évaluation (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>Every figure in machine-readable JSON, with the design, why, and the points used and left out.</source>
        <translation>Tous les chiffres en JSON lisible par machine, avec le plan, pourquoi, et les points utilisés et écartés.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>Assessment (CSV)</source>
        <translation>Évaluation (CSV)</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="113" />
        <source>One row per class: mapped and estimated area with interval, user's and producer's accuracy with intervals, and the design used and why.</source>
        <translation>Une ligne par classe : surface cartographiée et estimée avec intervalle, exactitudes de l'utilisateur et du producteur avec intervalles, et le plan utilisé et pourquoi.</translation>
    </message>
    <message>
        <location filename="../processing_provider/assess.py" line="142" />
        <source>Optional.</source>
        <translation>Facultatif.</translation>
    </message>
</context>
<context>
    <name>ClassAreasAlgorithm</name>
    <message>
        <location filename="../processing_provider/classareas.py" line="35" />
        <source>Class areas by pixel counting (biased)</source>
        <translation>Surfaces des classes par comptage de pixels (biaisé)</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="39" />
        <source>Classified map</source>
        <translation>Carte classée</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="43" />
        <source>Class areas</source>
        <translation>Surfaces des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="39" />
        <source>A single-band class map.</source>
        <translation>Une carte de classes à une bande.</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="43" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/classareas.py" line="43" />
        <source>CSV with code, class, pixels, hectares, percent and the method (pixel counting, biased).</source>
        <translation>CSV avec code, classe, pixels, hectares, pourcentage et la méthode (comptage de pixels, biaisé).</translation>
    </message>
</context>
<context>
    <name>ClassifyAlgorithm</name>
    <message>
        <location filename="../processing_provider/classify.py" line="73" />
        <source>Classify image (sample, train, predict)</source>
        <translation>Classer une image (échantillonner, entraîner, prédire)</translation>
    </message>
    <message>
        <location filename="../processing_provider/classify.py" line="80" />
        <source>Optional segment raster from lulc:segment, on the first raster's grid, for object-based classification: the labels are sampled per segment (the class of most of its labelled pixels), the model learns the segments' features (mean and standard deviation of each band, area, shape) and the map gives every pixel its segment's class.</source>
        <translation>Raster de segments facultatif de lulc:segment, sur la grille du premier raster, pour la classification orientée objet : les étiquettes sont échantillonnées par segment (la classe de la plupart de ses pixels étiquetés), le modèle apprend les variables des segments (moyenne et écart type de chaque bande, surface, forme) et la carte donne à chaque pixel la classe de son segment.</translation>
    </message>
</context>
<context>
    <name>Estimators</name>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Random forest</source>
        <translation>Forêt aléatoire</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Support vector machine (RBF kernel, scaled features)</source>
        <translation>Machine à vecteurs de support (noyau RBF, variables normalisées)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Decision tree</source>
        <translation>Arbre de décision</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Extra trees</source>
        <translation>Arbres extrêmement aléatoires</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Histogram gradient boosting</source>
        <translation>Gradient boosting par histogrammes</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>k-nearest neighbours (scaled features)</source>
        <translation>k plus proches voisins (variables normalisées)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Logistic regression (scaled features)</source>
        <translation>Régression logistique (variables normalisées)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Multilayer perceptron neural network (scaled features)</source>
        <translation>Réseau de neurones perceptron multicouche (variables normalisées)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>LightGBM (if installed)</source>
        <translation>LightGBM (si installé)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>XGBoost (if installed)</source>
        <translation>XGBoost (si installé)</translation>
    </message>
    <message>
        <location filename="../core/model/estimators.py" line="171" />
        <source>Convolutional network (patches)</source>
        <translation>Réseau convolutif (vignettes)</translation>
    </message>
</context>
<context>
    <name>LegendAlgorithm</name>
    <message>
        <location filename="../processing_provider/legend.py" line="57" />
        <source>Edit class legend</source>
        <translation>Modifier la légende des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="71" />
        <source>Class map</source>
        <translation>Carte de classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="79" />
        <source>Classes to change</source>
        <translation>Classes à modifier</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="112" />
        <source>Edited model file</source>
        <translation>Fichier modèle modifié</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="113" />
        <source>Style file (.qml)</source>
        <translation>Fichier de style (.qml)</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="116" />
        <source>Legend (JSON)</source>
        <translation>Légende (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="61" />
        <source>Optional .lulcmodel file whose class names and colours are rewritten in place (its estimator is copied unchanged).</source>
        <translation>Fichier .lulcmodel facultatif dont les noms et couleurs de classe sont réécrits sur place (son estimateur est copié tel quel).</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="71" />
        <source>Optional class map GeoTIFF from lulc:predict or lulc:classify: its colour table and class names are updated in place (pixels untouched) and its .qml style, same name beside it, is rewritten. Give a model, a map or both.</source>
        <translation>GeoTIFF de classes facultatif de lulc:predict ou lulc:classify : sa table de couleurs et ses noms de classe sont mis à jour sur place (pixels intacts) et son style .qml, du même nom à côté, est réécrit. Donnez un modèle, une carte ou les deux.</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="79" />
        <source>One row per class to change: its code, its new name (unique, ignoring case) and its colour as #rrggbb. A JSON list like the Legend output is accepted too. Leave empty to copy the model's legend onto the map.</source>
        <translation>Une ligne par classe à modifier : son code, son nouveau nom (unique, sans tenir compte de la casse) et sa couleur en #rrggbb. Une liste JSON comme la sortie Légende est acceptée aussi. Laissez vide pour copier la légende du modèle sur la carte.</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="94" />
        <source>Metrics (JSON)</source>
        <translation>Métriques (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="94" />
        <source>Optional metrics file of the run that made the model or map (Metrics output of lulc:train or lulc:classify): its class names are rewritten in place.</source>
        <translation>Fichier de métriques facultatif de l'exécution qui a produit le modèle ou la carte (sortie Métriques de lulc:train ou lulc:classify) : ses noms de classe sont réécrits sur place.</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="103" />
        <source>Accuracy report</source>
        <translation>Rapport d'exactitude</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="103" />
        <source>Optional HTML accuracy report of the same run: it is written again, in place, with the new names. Needs the model (the report shows its run details).</source>
        <translation>Rapport d'exactitude HTML facultatif de la même exécution : il est réécrit, sur place, avec les nouveaux noms. Nécessite le modèle (le rapport montre les détails de son exécution).</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="114" />
        <source>Edited metrics</source>
        <translation>Métriques modifiées</translation>
    </message>
    <message>
        <location filename="../processing_provider/legend.py" line="115" />
        <source>Edited report</source>
        <translation>Rapport modifié</translation>
    </message>
</context>
<context>
    <name>LulcPanel</name>
    <message>
        <location filename="../ui/panel.ui" line="29" />
        <source>1. Image</source>
        <translation>1. Image</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="33" />
        <source>Raster layers to classify, stacked in this order (tick one or several):</source>
        <translation>Couches raster à classer, empilées dans cet ordre (cochez-en une ou plusieurs) :</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="47" />
        <source>2. Labels</source>
        <translation>2. Étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="49" />
        <source>Labels layer</source>
        <translation>Couche d'étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="51" />
        <source>Class field</source>
        <translation>Champ de classe</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="53" />
        <source>Class name field</source>
        <translation>Champ du nom de classe</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="73" />
        <source>3. Features</source>
        <translation>3. Variables</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="75" />
        <source>Sensor</source>
        <translation>Capteur</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="77" />
        <source>Spectral indices</source>
        <translation>Indices spectraux</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="84" />
        <source>4. Model and validation</source>
        <translation>4. Modèle et validation</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="86" />
        <source>Algorithm</source>
        <translation>Algorithme</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="88" />
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="101" />
        <source>5. Outputs</source>
        <translation>5. Sorties</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="103" />
        <source>Land-cover map</source>
        <translation>Carte d'occupation du sol</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="105" />
        <source>Model file</source>
        <translation>Fichier modèle</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="113" />
        <source>Also write the confidence layer</source>
        <translation>Écrire aussi la couche de confiance</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="122" />
        <source>Classify</source>
        <translation>Classer</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="123" />
        <source>Preview canvas extent</source>
        <translation>Aperçu de l'emprise du canevas</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="124" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="140" />
        <source>Accuracy</source>
        <translation>Exactitude</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="144" />
        <source>Run a classification to see how good the model is.</source>
        <translation>Lancez une classification pour voir la qualité du modèle.</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="156" />
        <source>Confusion matrix (rows: reference, columns: predicted; colour: share of the row)</source>
        <translation>Matrice de confusion (lignes : référence, colonnes : prédiction ; couleur : part de la ligne)</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="239" />
        <source>Legend</source>
        <translation>Légende</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="248" />
        <source>Apply to map and model</source>
        <translation>Appliquer à la carte et au modèle</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="176" />
        <source>Label where the model is unsure</source>
        <translation>Étiqueter là où le modèle hésite</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="180" />
        <source>The model shows the places it is least sure of, one at a time: say what each one is and a label is added to the labels layer, unsaved. Retrain to use them.</source>
        <translation>Le modèle montre les endroits où il est le moins sûr, un à la fois : dites ce qu'est chacun et une étiquette est ajoutée à la couche d'étiquettes, sans être enregistrée. Réentraînez pour les utiliser.</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="186" />
        <source>Places</source>
        <translation>Endroits</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="192" />
        <source>How many places to suggest (lulc:suggest's COUNT)</source>
        <translation>Combien d'endroits suggérer (COUNT de lulc:suggest)</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="195" />
        <source>Suggest labels</source>
        <translation>Suggérer des étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="195" />
        <source>Ask the last model where it is least sure (Classify first); the map then shows each place in turn</source>
        <translation>Demander au dernier modèle où il est le moins sûr (lancez d'abord Classer) ; la carte montre ensuite chaque endroit tour à tour</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="214" />
        <source>Skip</source>
        <translation>Passer</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="214" />
        <source>Go to the next place without adding a label</source>
        <translation>Aller à l'endroit suivant sans ajouter d'étiquette</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="215" />
        <source>Not sure</source>
        <translation>Incertain</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="215" />
        <source>You cannot tell what it is: no label, the next place</source>
        <translation>Vous ne savez pas ce que c'est : pas d'étiquette, endroit suivant</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="216" />
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="216" />
        <source>Stop going through the suggestions (the labels added stay)</source>
        <translation>Arrêter de parcourir les suggestions (les étiquettes ajoutées restent)</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="230" />
        <source>Retrain with the new labels</source>
        <translation>Réentraîner avec les nouvelles étiquettes</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="231" />
        <source>Classify again (as the Classify button), with the labels as the layer shows them, unsaved ones included</source>
        <translation>Classer à nouveau (comme le bouton Classer), avec les étiquettes telles que la couche les montre, y compris celles non enregistrées</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="92" />
        <source>Classify segments (object-based)</source>
        <translation>Classer des segments (orienté objet)</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="93" />
        <source>Cut the image into segments of similar pixels first (lulc:segment), then label, train and map whole segments: no speckle, and each segment's mean, spread, size and shape are its features. Previews stay pixel-based.</source>
        <translation>Découper d'abord l'image en segments de pixels semblables (lulc:segment), puis étiqueter, entraîner et cartographier des segments entiers : pas d'effet poivre et sel, et la moyenne, la dispersion, la taille et la forme de chaque segment sont ses variables. Les aperçus restent par pixel.</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="107" />
        <source>Clean the map</source>
        <translation>Nettoyer la carte</translation>
    </message>
    <message>
        <location filename="../ui/panel.ui" line="109" />
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
</context>
<context>
    <name>MapAccuracy</name>
    <message>
        <location filename="../core/assessment/map_accuracy.py" line="33" />
        <source>stratified by the map</source>
        <translation>stratifié par la carte</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_accuracy.py" line="34" />
        <source>stratified by another map</source>
        <translation>stratifié par une autre carte</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_accuracy.py" line="35" />
        <source>simple random sample</source>
        <translation>échantillon aléatoire simple</translation>
    </message>
</context>
<context>
    <name>MapReport</name>
    <message>
        <location filename="../core/assessment/map_report.py" line="74" />
        <source>LULC Classifier: map accuracy</source>
        <translation>LULC Classifier : exactitude de la carte</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="75" />
        <source>Map accuracy and class areas</source>
        <translation>Exactitude de la carte et surfaces des classes</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="76" />
        <source>Overall accuracy {value}</source>
        <translation>Exactitude globale {value}</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="77" />
        <source>map \ reference</source>
        <translation>carte \ référence</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="33" />
        <source>Points (map class)</source>
        <translation>Points (classe de la carte)</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="33" />
        <source>Mapped area (ha)</source>
        <translation>Surface cartographiée (ha)</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="33" />
        <source>Estimated area (ha)</source>
        <translation>Surface estimée (ha)</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="33" />
        <source>User's accuracy</source>
        <translation>Exactitude de l'utilisateur</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="33" />
        <source>Producer's accuracy</source>
        <translation>Exactitude du producteur</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="86" />
        <source>Total mapped area: {area} ha.</source>
        <translation>Surface cartographiée totale : {area} ha.</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="81" />
        <source>Confusion matrix: sample counts</source>
        <translation>Matrice de confusion : nombres d'échantillons</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="82" />
        <source>Confusion matrix: estimated area proportions</source>
        <translation>Matrice de confusion : proportions de surface estimées</translation>
    </message>
    <message>
        <location filename="../core/assessment/map_report.py" line="56" />
        <source>Design: {design}. Estimators and 95 % confidence intervals (&amp;plusmn; 1.96 standard errors) after Olofsson et al. (2014), Remote Sensing of Environment 148: 42-57. Areas are estimated from the reference sample, which corrects the bias of counting map pixels; the mapped area is shown beside them.</source>
        <translation>Plan : {design}. Estimateurs et intervalles de confiance à 95 % (&amp;plusmn; 1,96 erreur type) d'après Olofsson et al. (2014), Remote Sensing of Environment 148 : 42-57. Les surfaces sont estimées à partir de l'échantillon de référence, ce qui corrige le biais du comptage des pixels de la carte ; la surface cartographiée est donnée à côté.</translation>
    </message>
</context>
<context>
    <name>ModelInfoAlgorithm</name>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="53" />
        <source>Model information</source>
        <translation>Informations sur le modèle</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="63" />
        <source>Manifest (JSON)</source>
        <translation>Manifeste (JSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="64" />
        <source>Algorithm</source>
        <translation>Algorithme</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="65" />
        <source>Number of bands</source>
        <translation>Nombre de bandes</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="66" />
        <source>Number of classes</source>
        <translation>Nombre de classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="67" />
        <source>Overall accuracy</source>
        <translation>Exactitude globale</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="70" />
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <location filename="../processing_provider/modelinfo.py" line="57" />
        <source>A .lulcmodel file from lulc:train or lulc:classify.</source>
        <translation>Un fichier .lulcmodel de lulc:train ou lulc:classify.</translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../processing_provider/predict.py" line="71" />
        <source>Predict land-cover map</source>
        <translation>Prédire la carte d'occupation du sol</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="90" />
        <source>Mask polygons</source>
        <translation>Polygones de masque</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="102" />
        <source>Distance layer</source>
        <translation>Couche de distance</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="117" />
        <source>Threads</source>
        <translation>Fils d'exécution</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="146" />
        <source>Compression</source>
        <translation>Compression</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="153" />
        <source>Build overviews</source>
        <translation>Construire les pyramides</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="158" />
        <source>Cloud Optimized GeoTIFF</source>
        <translation>GeoTIFF optimisé pour le cloud (COG)</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="168" />
        <source>Class areas</source>
        <translation>Surfaces des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="181" />
        <source>Style file (.qml)</source>
        <translation>Fichier de style (.qml)</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="90" />
        <source>Optional polygons: pixels outside them are nodata, and blocks outside them are not read.</source>
        <translation>Polygones facultatifs : les pixels en dehors sont nodata, et les blocs en dehors ne sont pas lus.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="117" />
        <source>Threads classifying blocks in parallel (0: all cores). Threads, not processes, so it works inside QGIS.</source>
        <translation>Fils classant les blocs en parallèle (0 : tous les cœurs). Des fils, pas des processus, donc cela fonctionne dans QGIS.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="146" />
        <source>GeoTIFF compression: DEFLATE (read everywhere) or ZSTD (faster, GDAL 2.3+).</source>
        <translation>Compression GeoTIFF : DEFLATE (lu partout) ou ZSTD (plus rapide, GDAL 2.3+).</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="153" />
        <source>Overviews for fast display: mode for the class map, average for the others.</source>
        <translation>Pyramides pour un affichage rapide : mode pour la carte de classes, moyenne pour les autres.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="158" />
        <source>Write Cloud Optimized GeoTIFFs (with overviews when asked), for web and cloud use.</source>
        <translation>Écrire des GeoTIFF optimisés pour le cloud (avec pyramides si demandé), pour le web et le cloud.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="168" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="168" />
        <source>Optional CSV: pixels, hectares and percentage per class, counted while writing. Pixel counting is biased by the map's errors: see lulc:assess.</source>
        <translation>CSV facultatif : pixels, hectares et pourcentage par classe, comptés pendant l'écriture. Le comptage de pixels est biaisé par les erreurs de la carte : voir lulc:assess.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="102" />
        <source>Only for a model trained with a distance feature ('Distance to features of' in lulc:sample or lulc:classify): the same vector layer, given again here, since a model file never names a file to open. lulc:modelinfo shows what a model uses.</source>
        <translation>Seulement pour un modèle entraîné avec une variable de distance (« Distance aux entités de » dans lulc:sample ou lulc:classify) : la même couche vecteur, redonnée ici, car un fichier modèle ne nomme jamais de fichier à ouvrir. lulc:modelinfo montre ce qu'un modèle utilise.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="77" />
        <source>Segments (object-based models only): the segment raster made by lulc:segment for this image, on its grid. Required by a model trained on segments, whose map gives every pixel its segment's class; leave it empty for a model of pixels.</source>
        <translation>Segments (modèles orientés objet seulement) : le raster de segments produit par lulc:segment pour cette image, sur sa grille. Requis par un modèle entraîné sur des segments, dont la carte donne à chaque pixel la classe de son segment ; laissez-le vide pour un modèle de pixels.</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="132" />
        <source>Dask scheduler address (optional)</source>
        <translation>Adresse du planificateur Dask (facultatif)</translation>
    </message>
    <message>
        <location filename="../processing_provider/predict.py" line="132" />
        <source>The address of a running Dask scheduler, such as tcp://host:8786: its workers classify the blocks and this machine assembles the same map. The workers must have the lulc_classifier package installed and see the rasters by the same paths (shared storage) or GDAL /vsi paths, and the output's folder must be on storage they share. QGIS never starts worker processes itself. Leave it empty to predict on this machine.</source>
        <translation>L'adresse d'un planificateur Dask en service, par exemple tcp://hote:8786 : ses workers classent les blocs et cette machine assemble la même carte. Les workers doivent avoir le paquet lulc_classifier installé et voir les rasters par les mêmes chemins (stockage partagé) ou par des chemins GDAL /vsi, et le dossier de sortie doit être sur un stockage qu'ils partagent. QGIS ne démarre jamais lui-même de processus workers. Laissez vide pour classer sur cette machine.</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../core/assessment/report.py" line="39" />
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="101" />
        <source>rows: reference class; columns: predicted class; colour: share of the row</source>
        <translation>lignes : classe de référence ; colonnes : classe prédite ; couleur : part de la ligne</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="135" />
        <source>drop of accuracy when the feature is shuffled (mean, line: +-1 std)</source>
        <translation>baisse d'exactitude quand la variable est mélangée (moyenne, trait : +-1 écart type)</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="143" />
        <source>Overall accuracy</source>
        <translation>Exactitude globale</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="144" />
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="145" />
        <source>Macro F1</source>
        <translation>F1 macro</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="146" />
        <source>Weighted F1</source>
        <translation>F1 pondéré</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="147" />
        <source>Matthews correlation</source>
        <translation>Corrélation de Matthews</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="187" />
        <source>No random k-fold comparison: {reason}</source>
        <translation>Pas de comparaison en k plis aléatoires : {reason}</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="241" />
        <source>{count} held-out samples</source>
        <translation>{count} échantillons de test</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="280" />
        <source>reference \ predicted</source>
        <translation>référence \ prédiction</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="281" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="282" />
        <source>en</source>
        <translation>fr</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="362" />
        <source>Overall accuracy {value}</source>
        <translation>Exactitude globale {value}</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="362" />
        <source>Kappa {value}</source>
        <translation>Kappa {value}</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="381" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="381" />
        <source>Precision (user's)</source>
        <translation>Précision (exactitude de l'utilisateur)</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="381" />
        <source>Recall (producer's)</source>
        <translation>Rappel (exactitude du producteur)</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="381" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="381" />
        <source>Support</source>
        <translation>Effectif</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="410" />
        <source>LULC Classifier: model accuracy</source>
        <translation>LULC Classifier : exactitude du modèle</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="884" />
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="884" />
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="886" />
        <source>Algorithm</source>
        <translation>Algorithme</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="887" />
        <source>Hyperparameters</source>
        <translation>Hyperparamètres</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="890" />
        <source>defaults</source>
        <translation>valeurs par défaut</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="891" />
        <source>Balanced class weights</source>
        <translation>Poids de classes équilibrés</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="892" />
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="893" />
        <source>Class field</source>
        <translation>Champ de classe</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="894" />
        <source>Features</source>
        <translation>Variables</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="904" />
        <source>Samples per class</source>
        <translation>Échantillons par classe</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="908" />
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="909" />
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="286" />
        <source>Per class</source>
        <translation>Par classe</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="390" />
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="70" />
        <source>confusion matrix</source>
        <translation>matrice de confusion</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="111" />
        <source>feature importance</source>
        <translation>importance des variables</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="249" />
        <source>Permutation feature importance</source>
        <translation>Importance des variables par permutation</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="287" />
        <source>Confusion matrix</source>
        <translation>Matrice de confusion</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="288" />
        <source>Row-normalised (share of each reference class):</source>
        <translation>Normalisée par ligne (part de chaque classe de référence) :</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="289" />
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="180" />
        <source>Random folds put neighbouring, alike samples on both sides of a split: their overall accuracy is {gap} against the spatial figure. The spatial figure is the honest one for mapping new areas.</source>
        <translation>Les plis aléatoires mettent des échantillons voisins, qui se ressemblent, des deux côtés d'une partition : leur exactitude globale est de {gap} par rapport au chiffre spatial. Le chiffre spatial est le chiffre honnête pour cartographier de nouvelles zones.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="318" />
        <source>&lt;b&gt;Not evaluated&lt;/b&gt; (too few samples to hold one out; used for training only): {classes}.</source>
        <translation>&lt;b&gt;Non évaluées&lt;/b&gt; (trop peu d'échantillons pour en mettre un de côté ; utilisées seulement pour l'entraînement) : {classes}.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="241" />
        <source>the out-of-fold predictions of {folds} folds ({count} samples, each predicted by a model that did not see it)</source>
        <translation>les prédictions hors pli de {folds} plis ({count} échantillons, chacun prédit par un modèle qui ne l'a pas vu)</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="371" />
        <source>{scheme}: measured on {how}; the model was then refitted on all samples. Samples close to each other are alike, so random splits are optimistic: the map's accuracy is usually lower. Check the map with independent reference points.</source>
        <translation>{scheme} : mesurée sur {how} ; le modèle a ensuite été réajusté sur tous les échantillons. Des échantillons proches se ressemblent, donc les partitions aléatoires sont optimistes : l'exactitude de la carte est en général plus faible. Vérifiez la carte avec des points de référence indépendants.</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="93" />
        <source>With {n_after} labels instead of {n_before}, the accuracy rose from {before} to {after}: the 95 % intervals do not overlap, the model learned.</source>
        <translation>Avec {n_after} étiquettes au lieu de {n_before}, la précision est passée de {before} à {after} : les intervalles à 95 % ne se recouvrent pas, le modèle a appris.</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="98" />
        <source>With {n_after} labels instead of {n_before}, the accuracy fell from {before} to {after}: the 95 % intervals do not overlap. Check the new labels.</source>
        <translation>Avec {n_after} étiquettes au lieu de {n_before}, la précision est tombée de {before} à {after} : les intervalles à 95 % ne se recouvrent pas. Vérifiez les nouvelles étiquettes.</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="103" />
        <source>With {n_after} labels instead of {n_before}, the accuracy went from {before} to {after}: the 95 % intervals overlap, so the change is within the uncertainty.</source>
        <translation>Avec {n_after} étiquettes au lieu de {n_before}, la précision est passée de {before} à {after} : les intervalles à 95 % se recouvrent, la différence reste dans l'incertitude.</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="141" />
        <source>learning curve</source>
        <translation>courbe d'apprentissage</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="165" />
        <source>labels (x) against overall accuracy (y); bars: 95 % confidence interval</source>
        <translation>étiquettes (x) et précision globale (y) ; barres : intervalle de confiance à 95 %</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="177" />
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="177" />
        <source>Samples</source>
        <translation>Échantillons</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="177" />
        <source>95 % interval</source>
        <translation>Intervalle à 95 %</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="177" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../core/assessment/learning.py" line="198" />
        <source>Learning history</source>
        <translation>Historique d'apprentissage</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="48" />
        <source>{low} to {high}</source>
        <translation>{low} à {high}</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="173" />
        <source>Random folds put neighbouring, alike samples on both sides of a split, but here the difference of their overall accuracy ({gap}) is within the uncertainty: the 95 % intervals of the two figures overlap. The spatial figure is the honest one for mapping new areas.</source>
        <translation>Les plis aléatoires mettent des échantillons voisins, qui se ressemblent, des deux côtés d'une partition, mais ici la différence de leur exactitude globale ({gap}) reste dans l'incertitude : les intervalles à 95 % des deux chiffres se recouvrent. Le chiffre spatial est le chiffre honnête pour cartographier de nouvelles zones.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="201" />
        <source>mean {mean}, std {std} (min {min}, max {max})</source>
        <translation>moyenne {mean}, écart type {std} (min {min}, max {max})</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="206" />
        <source>Overall accuracy across folds</source>
        <translation>Exactitude globale selon les plis</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="324" />
        <source>{name}: {count} of {folds} folds</source>
        <translation>{name} : {count} plis sur {folds}</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="331" />
        <source>&lt;b&gt;Tested in fewer folds&lt;/b&gt; (fewer samples or label features than folds; in the other folds they train the model): {classes}.</source>
        <translation>&lt;b&gt;Testées dans moins de plis&lt;/b&gt; (moins d'échantillons ou d'entités étiquetées que de plis ; dans les autres plis, elles entraînent le modèle) : {classes}.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="337" />
        <source>In brackets: 95 % confidence intervals, Wilson score intervals for overall accuracy, precision and recall, a percentile bootstrap ({resamples} resamples of the test samples) for the other figures. They treat the test samples as independent: pixels of one polygon are alike, so with few polygons the real uncertainty is larger.</source>
        <translation>Entre parenthèses : intervalles de confiance à 95 %, intervalles de score de Wilson pour l'exactitude globale, la précision et le rappel, bootstrap par percentiles ({resamples} rééchantillonnages des échantillons de test) pour les autres chiffres. Ils traitent les échantillons de test comme indépendants : les pixels d'un même polygone se ressemblent, donc avec peu de polygones l'incertitude réelle est plus grande.</translation>
    </message>
    <message>
        <location filename="../core/assessment/report.py" line="355" />
        <source>(95 % confidence interval {span})</source>
        <translation>(intervalle de confiance à 95 % {span})</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="895" />
        <source>Object-based</source>
        <translation>Orienté objet</translation>
    </message>
    <message>
        <location filename="../core/train.py" line="895" />
        <source>yes: {} segments, one sample each</source>
        <translation>oui : {} segments, un échantillon chacun</translation>
    </message>
</context>
<context>
    <name>SampleAlgorithm</name>
    <message>
        <location filename="../processing_provider/sample.py" line="62" />
        <source>Sample raster at labels</source>
        <translation>Échantillonner le raster aux étiquettes</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="85" />
        <source>Training samples</source>
        <translation>Échantillons d'entraînement</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="96" />
        <source>Sampling report</source>
        <translation>Rapport d'échantillonnage</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="110" />
        <source>Number of samples</source>
        <translation>Nombre d'échantillons</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="89" />
        <source>Sample table: GeoPackage (default; the stack definition and class names and colours are stored in it) or CSV (they go to a .lulc.json file beside it).</source>
        <translation>Table d'échantillons : GeoPackage (par défaut ; la définition de la pile et les noms et couleurs des classes y sont enregistrés) ou CSV (ils vont dans un fichier .lulc.json à côté).</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="96" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="96" />
        <source>Optional CSV table with one row per class: samples kept, labels outside the raster, samples on nodata, in conflict, duplicates, over the caps and labels without a geometry; a last row '(no class)' counts the labels without a class.</source>
        <translation>Table CSV facultative avec une ligne par classe : échantillons gardés, étiquettes hors du raster, échantillons sur nodata, en conflit, en double, au-delà des plafonds et étiquettes sans géométrie ; une dernière ligne « (no class) » compte les étiquettes sans classe.</translation>
    </message>
    <message>
        <location filename="../processing_provider/sample.py" line="69" />
        <source>Optional segment raster from lulc:segment, on the first raster's grid: one sample per labelled segment instead of per pixel, with the segment's features (mean and standard deviation of each band, area, shape) and the class of most of its labelled pixels (segments whose labels disagree without a class past half are dropped, and the log lists them). A model trained on it classifies segments (object-based).</source>
        <translation>Raster de segments facultatif de lulc:segment, sur la grille du premier raster : un échantillon par segment étiqueté au lieu d'un par pixel, avec les variables du segment (moyenne et écart type de chaque bande, surface, forme) et la classe de la plupart de ses pixels étiquetés (les segments dont les étiquettes divergent sans qu'aucune classe ne dépasse la moitié sont écartés, et le journal les liste). Un modèle entraîné dessus classe des segments (orienté objet).</translation>
    </message>
</context>
<context>
    <name>SegmentAlgorithm</name>
    <message>
        <location filename="../processing_provider/segment.py" line="64" />
        <source>Segment image</source>
        <translation>Segmenter l'image</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="69" />
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="69" />
        <source>Felzenszwalb</source>
        <translation>Felzenszwalb</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="69" />
        <source>SLIC</source>
        <translation>SLIC</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="69" />
        <source>Felzenszwalb: graph-based segments that follow the image, their size set by the scale and the minimum size. SLIC: compact superpixels of about the segment size, their shape set by the compactness.</source>
        <translation>Felzenszwalb : segments fondés sur un graphe qui suivent l'image, leur taille réglée par l'échelle et la taille minimale. SLIC : superpixels compacts d'environ la taille de segment, leur forme réglée par la compacité.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="84" />
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="84" />
        <source>GeoTIFF of segment ids (uint32, 1 to the number of segments, consecutive; 0 where any band is nodata), on the grid and CRS of the first raster.</source>
        <translation>GeoTIFF d'identifiants de segment (uint32, de 1 au nombre de segments, consécutifs ; 0 là où une bande est nodata), sur la grille et dans le SCR du premier raster.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="91" />
        <source>Segment polygons</source>
        <translation>Polygones des segments</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="91" />
        <source>Optional GeoPackage of the segments as polygons (layer 'segments'), one feature a segment with its id (segment) and its number of pixels (pixels).</source>
        <translation>GeoPackage facultatif des segments sous forme de polygones (couche « segments »), une entité par segment avec son identifiant (segment) et son nombre de pixels (pixels).</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="104" />
        <source>Number of segments</source>
        <translation>Nombre de segments</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="108" />
        <source>Scale (Felzenszwalb)</source>
        <translation>Échelle (Felzenszwalb)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="108" />
        <source>Felzenszwalb only: larger values give larger segments (bands scaled to 0-1 between their 2nd and 98th percentiles).</source>
        <translation>Felzenszwalb seulement : des valeurs plus grandes donnent des segments plus grands (bandes ramenées à 0-1 entre leurs 2e et 98e percentiles).</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="121" />
        <source>Smoothing (sigma)</source>
        <translation>Lissage (sigma)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="121" />
        <source>Width in pixels of the Gaussian smoothing applied before segmenting (both methods; 0: none). Smoothing reduces noise but blurs edges.</source>
        <translation>Largeur en pixels du lissage gaussien appliqué avant la segmentation (les deux méthodes ; 0 : aucun). Le lissage réduit le bruit mais estompe les contours.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="134" />
        <source>Minimum segment size (Felzenszwalb)</source>
        <translation>Taille minimale des segments (Felzenszwalb)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="134" />
        <source>Felzenszwalb only: smaller segments are merged into a neighbour (pixels).</source>
        <translation>Felzenszwalb seulement : les segments plus petits sont fusionnés avec un voisin (pixels).</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="144" />
        <source>Segment size (SLIC)</source>
        <translation>Taille des segments (SLIC)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="144" />
        <source>SLIC only: the approximate number of pixels of a superpixel.</source>
        <translation>SLIC seulement : le nombre approximatif de pixels d'un superpixel.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="154" />
        <source>Compactness (SLIC)</source>
        <translation>Compacité (SLIC)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="154" />
        <source>SLIC only: larger values give squarer superpixels, smaller ones follow the image more closely (bands scaled to 0-100 between their 2nd and 98th percentiles).</source>
        <translation>SLIC seulement : des valeurs plus grandes donnent des superpixels plus carrés, des valeurs plus petites suivent l'image de plus près (bandes ramenées à 0-100 entre leurs 2e et 98e percentiles).</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="171" />
        <source>Tile size (pixels)</source>
        <translation>Taille des tuiles (pixels)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="171" />
        <source>Side of the square tiles segmented one at a time. Larger tiles need more memory and cut fewer segments at tile edges.</source>
        <translation>Côté des tuiles carrées segmentées une à une. Des tuiles plus grandes demandent plus de mémoire et coupent moins de segments aux bords des tuiles.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="185" />
        <source>Tile overlap (pixels)</source>
        <translation>Recouvrement des tuiles (pixels)</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="185" />
        <source>Pixels read beyond each tile edge (at most half the tile size). Segments of two tiles that cover mostly the same pixels of this overlap are joined into one: a larger overlap joins more reliably and costs more time.</source>
        <translation>Pixels lus au-delà de chaque bord de tuile (au plus la moitié de la taille des tuiles). Les segments de deux tuiles qui couvrent en grande partie les mêmes pixels de ce recouvrement sont réunis en un seul : un recouvrement plus grand les réunit de façon plus fiable et coûte plus de temps.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="201" />
        <source>Memory the tiles being segmented may use: fewer tiles are segmented in parallel when it would be exceeded.</source>
        <translation>Mémoire que peuvent utiliser les tuiles en cours de segmentation : moins de tuiles sont segmentées en parallèle quand elle serait dépassée.</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="209" />
        <source>Threads</source>
        <translation>Fils d'exécution</translation>
    </message>
    <message>
        <location filename="../processing_provider/segment.py" line="209" />
        <source>Threads segmenting tiles in parallel (0: all cores for SLIC, one for Felzenszwalb, whose scikit-image code does not run in parallel).</source>
        <translation>Fils d'exécution segmentant des tuiles en parallèle (0 : tous les cœurs pour SLIC, un seul pour Felzenszwalb, dont le code de scikit-image ne s'exécute pas en parallèle).</translation>
    </message>
</context>
<context>
    <name>Sensors</name>
    <message>
        <location filename="../core/features/indices.py" line="50" />
        <source>Sentinel-2 L2A (B01-B12 without B10)</source>
        <translation>Sentinel-2 L2A (B01-B12 sans B10)</translation>
    </message>
    <message>
        <location filename="../core/features/indices.py" line="57" />
        <source>Landsat 8/9 OLI (SR_B1-SR_B7)</source>
        <translation>Landsat 8/9 OLI (SR_B1-SR_B7)</translation>
    </message>
    <message>
        <location filename="../core/features/indices.py" line="63" />
        <source>Landsat 4-7 TM/ETM+ (SR_B1-SR_B5, SR_B7)</source>
        <translation>Landsat 4-7 TM/ETM+ (SR_B1-SR_B5, SR_B7)</translation>
    </message>
    <message>
        <location filename="../core/features/indices.py" line="69" />
        <source>4-band blue, green, red, NIR (PlanetScope)</source>
        <translation>4 bandes bleu, vert, rouge, PIR (PlanetScope)</translation>
    </message>
    <message>
        <location filename="../core/features/indices.py" line="75" />
        <source>4-band red, green, blue, NIR (NAIP)</source>
        <translation>4 bandes rouge, vert, bleu, PIR (NAIP)</translation>
    </message>
</context>
<context>
    <name>SmoothAlgorithm</name>
    <message>
        <location filename="../processing_provider/smooth.py" line="64" />
        <source>Smooth land-cover map (majority, sieve)</source>
        <translation>Lisser la carte d'occupation du sol (majorité, tamisage)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="68" />
        <source>Land-cover map</source>
        <translation>Carte d'occupation du sol</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="68" />
        <source>A class map written by lulc:predict or lulc:classify (it holds the legend).</source>
        <translation>Une carte de classes écrite par lulc:predict ou lulc:classify (elle contient la légende).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="72" />
        <source>Class probabilities</source>
        <translation>Probabilités des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="72" />
        <source>Only for probability smoothing: the class probabilities written with the map by lulc:predict ('Class probabilities', one band per class).</source>
        <translation>Seulement pour le lissage des probabilités : les probabilités des classes écrites avec la carte par lulc:predict (« Probabilités des classes », une bande par classe).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="88" />
        <source>Threads</source>
        <translation>Fils d'exécution</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="88" />
        <source>Threads working on blocks in parallel (0: all cores).</source>
        <translation>Fils d'exécution qui traitent des blocs en parallèle (0 : tous les cœurs).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="101" />
        <source>Class areas</source>
        <translation>Surfaces des classes</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="101" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="101" />
        <source>Optional CSV: pixels, hectares and percentage per class after the regularisation, and before it (columns ending in _before).</source>
        <translation>CSV facultatif : pixels, hectares et pourcentage par classe après la régularisation, et avant (colonnes se terminant par _before).</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="114" />
        <source>Style file (.qml)</source>
        <translation>Fichier de style (.qml)</translation>
    </message>
    <message>
        <location filename="../processing_provider/smooth.py" line="115" />
        <source>Pixels that changed class</source>
        <translation>Pixels qui ont changé de classe</translation>
    </message>
</context>
<context>
    <name>StackAlgorithm</name>
    <message>
        <location filename="../processing_provider/stack.py" line="34" />
        <source>Write feature stack</source>
        <translation>Écrire la pile de variables</translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="40" />
        <source>Feature stack</source>
        <translation>Pile de variables</translation>
    </message>
    <message>
        <location filename="../processing_provider/stack.py" line="40" />
        <source>Float32 GeoTIFF, one band per feature (band descriptions are the feature names), nodata NaN.</source>
        <translation>GeoTIFF float32, une bande par variable (les descriptions des bandes sont les noms des variables), nodata NaN.</translation>
    </message>
</context>
<context>
    <name>SuggestAlgorithm</name>
    <message>
        <location filename="../processing_provider/suggest.py" line="68" />
        <source>Where to label next</source>
        <translation>Où étiqueter ensuite</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="74" />
        <source>Existing labels</source>
        <translation>Étiquettes existantes</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="74" />
        <source>Optional: the labels you have (points, lines or polygons, in any CRS: reprojected). Their pixels are never suggested, and no suggestion comes nearer to them than the minimum distance.</source>
        <translation>Facultatif : les étiquettes que vous avez déjà (points, lignes ou polygones, dans n'importe quel SCR : reprojetées). Leurs pixels ne sont jamais suggérés, et aucune suggestion n'en est plus proche que la distance minimale.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="89" />
        <source>Mask polygons</source>
        <translation>Polygones de masque</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="89" />
        <source>Optional polygons: only pixels inside them are suggested.</source>
        <translation>Polygones facultatifs : seuls les pixels à l'intérieur sont suggérés.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="99" />
        <source>Suggestions</source>
        <translation>Suggestions</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="99" />
        <source>GeoPackage of points (layer 'suggestions', in the rasters' CRS), ranked: the model's class field, empty for you to fill, then predicted, predicted_name, confidence, margin, uncertainty and rank.</source>
        <translation>GeoPackage de points (couche « suggestions », dans le SCR des rasters), classés par rang : le champ de classe du modèle, vide, à remplir par vous, puis predicted, predicted_name, confidence, margin, uncertainty et rank.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="115" />
        <source>Number of suggestions</source>
        <translation>Nombre de suggestions</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="110" />
        <source>Pixels that could be suggested</source>
        <translation>Pixels qui pouvaient être suggérés</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="115" />
        <source>How many pixels to suggest. Fewer are written, with a warning saying why, when fewer pixels are valid or the minimum distance leaves no room for more.</source>
        <translation>Combien de pixels suggérer. Moins sont écrits, avec un avertissement qui dit pourquoi, quand moins de pixels sont valides ou que la distance minimale ne laisse pas de place pour davantage.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="124" />
        <source>Uncertainty measure</source>
        <translation>Mesure de l'incertitude</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="124" />
        <source>Margin between the two most likely classes</source>
        <translation>Marge entre les deux classes les plus probables</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="124" />
        <source>Entropy of the class probabilities</source>
        <translation>Entropie des probabilités de classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="124" />
        <source>Least confidence</source>
        <translation>Moindre confiance</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="124" />
        <source>How unsure the model is of a pixel: a small margin between its two most likely classes (recommended), a high entropy over all classes, or a low top probability. A model without probabilities (an SVM trained without them) is ranked by its decision scores, and the log says so.</source>
        <translation>À quel point le modèle est incertain d'un pixel : une faible marge entre ses deux classes les plus probables (recommandé), une entropie élevée sur toutes les classes, ou une probabilité maximale basse. Un modèle sans probabilités (un SVM entraîné sans elles) est classé par ses scores de décision, et le journal le dit.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="142" />
        <source>Minimum distance</source>
        <translation>Distance minimale</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="142" />
        <source>Smallest distance between two suggestions, and between a suggestion and an existing label, so that they spread over the image instead of clustering in one field (0: none).</source>
        <translation>Plus petite distance entre deux suggestions, et entre une suggestion et une étiquette existante, pour qu'elles se répartissent sur l'image au lieu de se regrouper dans une même parcelle (0 : aucune).</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="156" />
        <source>Distance unit</source>
        <translation>Unité de distance</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="156" />
        <source>Map units of the rasters</source>
        <translation>Unités de carte des rasters</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="156" />
        <source>Pixels</source>
        <translation>Pixels</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="156" />
        <source>Whether the minimum distance is in the rasters' map units or in pixels.</source>
        <translation>Si la distance minimale est en unités de carte des rasters ou en pixels.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="165" />
        <source>Balance across predicted classes</source>
        <translation>Équilibrer entre les classes prédites</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="165" />
        <source>The predicted classes take turns, each its most uncertain pixel, so that rare classes get suggestions too. Unchecked: by uncertainty alone.</source>
        <translation>Les classes prédites jouent chacune leur tour, chacune son pixel le plus incertain, pour que les classes rares reçoivent aussi des suggestions. Décoché : selon l'incertitude seule.</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="176" />
        <source>Distance layer</source>
        <translation>Couche de distance</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="176" />
        <source>Only for a model trained with a distance feature: the same vector layer as when it was trained (see lulc:predict).</source>
        <translation>Seulement pour un modèle entraîné avec une variable de distance : la même couche vecteur que lors de son entraînement (voir lulc:predict).</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="190" />
        <source>Threads</source>
        <translation>Fils d'exécution</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="190" />
        <source>Threads predicting blocks in parallel (0: all cores).</source>
        <translation>Fils d'exécution qui prédisent des blocs en parallèle (0 : tous les cœurs).</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="202" />
        <source>Random seed</source>
        <translation>Graine aléatoire</translation>
    </message>
    <message>
        <location filename="../processing_provider/suggest.py" line="202" />
        <source>Seed of the order among equally uncertain pixels, so that a run can be repeated exactly.</source>
        <translation>Graine de l'ordre entre pixels également incertains, pour qu'un calcul puisse être répété à l'identique.</translation>
    </message>
</context>
<context>
    <name>TrainAlgorithm</name>
    <message>
        <location filename="../processing_provider/train.py" line="56" />
        <source>Train classifier</source>
        <translation>Entraîner le classifieur</translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="60" />
        <source>Training samples</source>
        <translation>Échantillons d'entraînement</translation>
    </message>
    <message>
        <location filename="../processing_provider/train.py" line="60" />
        <source>Sample table with a class field and numeric feature fields, as written by lulc:sample.</source>
        <translation>Table d'échantillons avec un champ de classe et des champs numériques de variables, telle qu'écrite par lulc:sample.</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../core/assessment/cross_validation.py" line="28" />
        <source>Stratified k-fold cross-validation (random)</source>
        <translation>Validation croisée stratifiée en k plis (aléatoire)</translation>
    </message>
    <message>
        <location filename="../core/assessment/cross_validation.py" line="29" />
        <source>Spatial cross-validation by label feature (polygon)</source>
        <translation>Validation croisée spatiale par entité étiquetée (polygone)</translation>
    </message>
    <message>
        <location filename="../core/assessment/cross_validation.py" line="27" />
        <source>Stratified hold-out</source>
        <translation>Échantillon de test stratifié</translation>
    </message>
    <message>
        <location filename="../core/assessment/cross_validation.py" line="32" />
        <source>Spatial cross-validation by blocks</source>
        <translation>Validation croisée spatiale par blocs</translation>
    </message>
</context>
<context>
    <name>ValidationPointsAlgorithm</name>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="57" />
        <source>Create validation points</source>
        <translation>Créer des points de validation</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="61" />
        <source>Classified map</source>
        <translation>Carte classée</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="65" />
        <source>Target standard error of overall accuracy</source>
        <translation>Erreur type visée de l'exactitude globale</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="78" />
        <source>Expected user's accuracy</source>
        <translation>Exactitude de l'utilisateur attendue</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="89" />
        <source>Allocation</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="106" />
        <source>Minimum points per class</source>
        <translation>Nombre minimal de points par classe</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="115" />
        <source>Total points (0: from the target standard error)</source>
        <translation>Nombre total de points (0 : d'après l'erreur type visée)</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="127" />
        <source>Validation points</source>
        <translation>Points de validation</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="136" />
        <source>Number of points</source>
        <translation>Nombre de points</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="61" />
        <source>A single-band class map (e.g. from lulc:predict).</source>
        <translation>Une carte de classes à une bande (p. ex. de lulc:predict).</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="65" />
        <source>Standard error of the overall accuracy you aim for (0.01: about +-2 % at 95 %).</source>
        <translation>Erreur type de l'exactitude globale que vous visez (0,01 : environ +-2 % à 95 %).</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="78" />
        <source>Expected user's accuracy of the classes (0-1), used for the sample size.</source>
        <translation>Exactitude de l'utilisateur attendue des classes (0-1), utilisée pour la taille de l'échantillon.</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="89" />
        <source>Minimum per class, rest proportional</source>
        <translation>Minimum par classe, reste proportionnel</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="89" />
        <source>Proportional</source>
        <translation>Proportionnelle</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="89" />
        <source>Equal</source>
        <translation>Égale</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="106" />
        <source>Points per class at least, with the first allocation (50 is common practice).</source>
        <translation>Au moins ce nombre de points par classe, avec la première répartition (50 est l'usage courant).</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="115" />
        <source>A fixed total number of points instead of the computed sample size.</source>
        <translation>Un nombre total fixe de points au lieu de la taille d'échantillon calculée.</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="127" />
        <source>GeoPackage of points with map_class, map_name, an empty reference field and the stratum weights; keep it as written so lulc:assess recognises the design.</source>
        <translation>GeoPackage de points avec map_class, map_name, un champ reference vide et les poids des strates ; gardez-le tel quel pour que lulc:assess reconnaisse le plan.</translation>
    </message>
    <message>
        <location filename="../processing_provider/validationpoints.py" line="89" />
        <source>How the points are shared among map classes: 'Minimum per class, rest proportional' to area (recommended for rare classes), 'Proportional' to area, or 'Equal'.</source>
        <translation>Comment les points sont répartis entre les classes de la carte : « Minimum par classe, reste proportionnel » à la surface (recommandé pour les classes rares), « Proportionnelle » à la surface, ou « Égale ».</translation>
    </message>
</context>
</TS>
