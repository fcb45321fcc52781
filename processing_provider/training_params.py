"""Training parameters shared by lulc:train and lulc:classify, defined once with their help."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMatrix,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.assessment.cross_validation import SCHEME_NAMES, SCHEMES
from ..core.model.estimators import HYPERPARAMETERS, REGISTRY
from ..core.train import TrainingFiles, TrainingOptions, training_outputs
from ..core.user_legend import user_legend
from .i18n import QT_TR_NOOP, tr, translated
from .params import seed

#: Stable order of the ALGORITHM enum: new models are appended, never inserted.
ALGORITHM_KEYS = list(REGISTRY)
_Number = QgsProcessingParameterNumber.Type

#: Hyperparameter parameters: (name, label, type, help). None (empty) keeps the model default.
_HYPER = {
    "n_estimators": (
        QT_TR_NOOP("Number of trees / boosting rounds"),
        _Number.Integer,
        QT_TR_NOOP("Random forest, extra trees, gradient boosting, LightGBM, XGBoost."),
    ),
    "max_depth": (
        QT_TR_NOOP("Maximum tree depth"),
        _Number.Integer,
        QT_TR_NOOP("Tree models; 0 or empty: no limit (boosting: the library default)."),
    ),
    "min_samples_leaf": (
        QT_TR_NOOP("Minimum samples per leaf"),
        _Number.Integer,
        QT_TR_NOOP("Tree models; larger values smooth the model."),
    ),
    "learning_rate": (
        QT_TR_NOOP("Learning rate"),
        _Number.Double,
        QT_TR_NOOP(
            "Gradient boosting, LightGBM, XGBoost, the initial rate of the MLP, and the step size "
            "of the convolutional network (Adam; default 0.003)."
        ),
    ),
    "c": (
        QT_TR_NOOP("C (regularisation)"),
        _Number.Double,
        QT_TR_NOOP(
            "SVM and logistic regression; larger values fit the training samples more closely."
        ),
    ),
    "gamma": (
        QT_TR_NOOP("Gamma (RBF kernel width)"),
        _Number.Double,
        QT_TR_NOOP("SVM; empty: 'scale' (1 / (features x variance))."),
    ),
    "n_neighbors": (
        QT_TR_NOOP("Number of neighbours"),
        _Number.Integer,
        QT_TR_NOOP("k-nearest neighbours."),
    ),
    "epochs": (
        QT_TR_NOOP("Epochs (convolutional network)"),
        _Number.Integer,
        QT_TR_NOOP(
            "Convolutional network: most passes over the samples (default 40); training stops "
            "earlier when the samples held back stop improving."
        ),
    ),
    "width": (
        QT_TR_NOOP("Filters per layer (convolutional network)"),
        _Number.Integer,
        QT_TR_NOOP(
            "Convolutional network: filters of each convolution (default 32); wider learns more "
            "patterns, slower to train and to predict."
        ),
    ),
}
assert set(_HYPER) | {"hidden_layers"} == set(HYPERPARAMETERS)

OUTPUT_NUMBERS = {
    "OVERALL_ACCURACY": QT_TR_NOOP("Overall accuracy"),
    "OVERALL_ACCURACY_LOW": QT_TR_NOOP("Overall accuracy: lower bound of its 95 % interval"),
    "OVERALL_ACCURACY_HIGH": QT_TR_NOOP("Overall accuracy: upper bound of its 95 % interval"),
    "KAPPA": QT_TR_NOOP("Kappa"),
    "F1_MACRO": QT_TR_NOOP("Macro F1"),
    "F1_WEIGHTED": QT_TR_NOOP("Weighted F1"),
    "MCC": QT_TR_NOOP("Matthews correlation"),
    "RANDOM_CV_ACCURACY": QT_TR_NOOP(
        "Overall accuracy under random k-fold (spatial validation only)"
    ),
}


def add_training_parameters(alg: Any) -> None:
    """ALGORITHM, VALIDATION, BALANCED, then the advanced options and hyperparameters."""
    alg.add(
        QgsProcessingParameterEnum(
            "ALGORITHM",
            tr("Algorithm"),
            options=[translated(REGISTRY[k].label, "Estimators") for k in ALGORITHM_KEYS],
            defaultValue=0,
        ),
        tr(
            "Classifier: {choices}. Models marked 'scaled features' standardise the bands inside "
            "the model. LightGBM and XGBoost need their Python package. The convolutional network "
            "learns from the patch around each pixel (sample with a patch size) and needs "
            "PyTorch to train, not to predict."
        ).format(
            choices="; ".join(translated(REGISTRY[k].label, "Estimators") for k in ALGORITHM_KEYS)
        ),
    )
    alg.add(
        QgsProcessingParameterEnum(
            "VALIDATION",
            tr("Validation"),
            options=[translated(SCHEME_NAMES[k], "Validation") for k in SCHEMES],
            defaultValue=0,
        ),
        tr(
            "How accuracy is measured on samples the model did not see: {choices} (the test "
            "fraction and the block size are advanced options). Pixels of one polygon, or close "
            "to each other, are alike: random splits are optimistic. Spatial schemes keep whole "
            "polygons (or blocks) in one fold and report the random k-fold figures beside theirs."
        ).format(choices="; ".join(translated(SCHEME_NAMES[k], "Validation") for k in SCHEMES)),
    )
    alg.add(
        QgsProcessingParameterBoolean("BALANCED", tr("Balanced class weights"), False),
        tr(
            "Weight classes inversely to their number of samples, so rare classes count as much "
            "as common ones (not available for k-nearest neighbours and the MLP). Unticked, the "
            "convolutional network still weighs classes by the inverse square root of their "
            "number."
        ),
    )
    alg.add(
        QgsProcessingParameterNumber(
            "TEST_FRACTION", tr("Test fraction"), _Number.Double, 0.3, minValue=0.05, maxValue=0.9
        ),
        tr(
            "Hold-out: share of each class's samples held out (stratified). A class with a single "
            "sample is used for training only and named in the log and report."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "FOLDS", tr("Folds"), _Number.Integer, 5, minValue=2, maxValue=50
        ),
        tr(
            "Cross-validation: number of folds. A class with fewer samples (or polygons, or "
            "blocks, for spatial schemes) than folds is tested in as many folds as it has; a class "
            "with one is used for training only. The log and report say which."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "BLOCK_SIZE", tr("Block size (map units)"), _Number.Double, 0.0, minValue=0.0
        ),
        tr(
            "Spatial blocks: side of the square blocks in the samples' map units (e.g. 1000 for "
            "1 km in a metric CRS); choose it larger than the distance at which pixels look alike."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterNumber(
            "SEARCH_ITERATIONS",
            tr("Hyperparameter search candidates"),
            _Number.Integer,
            0,
            minValue=0,
            maxValue=200,
        ),
        tr(
            "Randomized search: number of hyperparameter candidates tried (0: no search). Each "
            "training part runs its own search with inner folds of the chosen kind, so the test "
            "samples never influence the choice."
        ),
        True,
    )
    alg.add(*seed())
    for name, (label, kind, text) in _HYPER.items():
        alg.add(
            QgsProcessingParameterNumber(
                name.upper(), translated(label), kind, None, optional=True, minValue=0
            ),
            translated(text) + " " + tr("Empty: the model's default."),
            True,
        )
    alg.add(
        QgsProcessingParameterString("HIDDEN_LAYERS", tr("Hidden layers (MLP)"), optional=True),
        tr("MLP: neurons per hidden layer, separated by commas (e.g. 100,50). Empty: 100."),
        True,
    )
    alg.add(
        QgsProcessingParameterMatrix(
            "LEGEND",
            tr("Class names and colours"),
            numberRows=1,
            hasFixedNumberRows=False,
            headers=[tr("Class value"), tr("Name"), tr("Colour")],
            optional=True,
        ),
        tr(
            "Names and colours to give classes, one row per class: its value in the class field "
            "(e.g. 3, or Water for a text field), its name and its colour as #rrggbb. They "
            "replace the name and colour fields and the defaults; classes are matched by value, "
            "so the legend applies to later runs even when classes are added. A JSON list like "
            "the Classes output is accepted too. Empty: names and colours from the labels."
        ),
        True,
    )
    alg.add(
        QgsProcessingParameterFile(
            "PREVIOUS_MODEL",
            tr("Model this run retrains"),
            QgsProcessingParameterFile.Behavior.File,
            "lulcmodel",
            optional=True,
        ),
        tr(
            "The model trained before with fewer labels (the panel's Retrain gives it): its "
            "learning history is carried into the new model, which adds its own entry, so the "
            "report and the panel show accuracy against the number of labels. Only its manifest "
            "is read; it is never overwritten. Empty: the history starts with this run."
        ),
        True,
    )


def add_training_outputs(alg: Any) -> None:
    """Model, report, metrics and confusion matrix destinations; the headline numbers."""
    alg.add(
        QgsProcessingParameterFileDestination(
            "OUTPUT_MODEL", tr("Model file"), tr("LULC model (*.lulcmodel)")
        ),
        tr(
            "The trained model (.lulcmodel): the estimator in a format that loads without running "
            "code, and a manifest with band names, classes, CRS, library versions and accuracy. "
            "Use it in lulc:predict; lulc:modelinfo shows the manifest."
        ),
    )
    for name, label, file_filter, text, default in (
        (
            "OUTPUT_REPORT",
            tr("Accuracy report"),
            tr("HTML files (*.html)"),
            tr(
                "Self-contained HTML report: figures, per-class scores, confusion matrix "
                "(counts, shares, heatmap) and permutation feature importance."
            ),
            True,
        ),
        (
            "OUTPUT_METRICS",
            tr("Metrics (JSON)"),
            tr("JSON files (*.json)"),
            tr("Every figure of the report in machine-readable JSON."),
            False,
        ),
        (
            "OUTPUT_CONFUSION",
            tr("Confusion matrix (CSV)"),
            tr("CSV files (*.csv)"),
            tr("The confusion matrix: rows are reference classes, columns predicted classes."),
            False,
        ),
    ):
        alg.add(
            QgsProcessingParameterFileDestination(
                name, label, file_filter, optional=True, createByDefault=default
            ),
            text + " " + tr("Optional."),
        )
    for name, label in OUTPUT_NUMBERS.items():
        alg.addOutput(QgsProcessingOutputNumber(name, translated(label)))
    alg.addOutput(QgsProcessingOutputString("CLASSES", tr("Classes (JSON)")))


def training_arguments(alg: Any, parameters: dict[str, Any], context: Any) -> dict[str, Any]:
    """Core training options (``options``) and destinations (``files``) of the parameters."""
    hyper: dict[str, Any] = {}
    for name in _HYPER:
        if parameters.get(name.upper()) not in (None, ""):
            value = alg.parameterAsDouble(parameters, name.upper(), context)
            hyper[name] = None if name == "max_depth" and value == 0 else value
    layers = alg.parameterAsString(parameters, "HIDDEN_LAYERS", context)
    if layers.strip():
        hyper["hidden_layers"] = layers
    files = {
        key: alg.parameterAsFileOutput(parameters, name, context) or None
        for key, name in (
            ("report_path", "OUTPUT_REPORT"),
            ("metrics_path", "OUTPUT_METRICS"),
            ("confusion_path", "OUTPUT_CONFUSION"),
        )
    }
    return {
        "options": TrainingOptions(
            algorithm=ALGORITHM_KEYS[alg.parameterAsEnum(parameters, "ALGORITHM", context)],
            validation=SCHEMES[alg.parameterAsEnum(parameters, "VALIDATION", context)],
            test_fraction=alg.parameterAsDouble(parameters, "TEST_FRACTION", context),
            folds=alg.parameterAsInt(parameters, "FOLDS", context),
            block_size=alg.parameterAsDouble(parameters, "BLOCK_SIZE", context),
            balanced=alg.parameterAsBool(parameters, "BALANCED", context),
            hyperparameters=hyper,
            search_iterations=alg.parameterAsInt(parameters, "SEARCH_ITERATIONS", context),
            legend=_user_legend(alg, parameters, context),
            seed=alg.parameterAsInt(parameters, "SEED", context),
        ),
        "files": TrainingFiles(
            alg.output_file(
                alg.parameterAsFileOutput(parameters, "OUTPUT_MODEL", context),
                (".lulcmodel",),
                "model file",
            ),
            **files,
            previous_model=alg.parameterAsFile(parameters, "PREVIOUS_MODEL", context) or None,
        ),
    }


def _user_legend(alg: Any, parameters: dict[str, Any], context: Any) -> list[dict[str, str]]:
    """The LEGEND matrix, or JSON text, checked."""
    raw = parameters.get("LEGEND")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return []
    if isinstance(raw, str) and raw.strip().startswith("["):
        return user_legend(raw)
    return user_legend(alg.parameterAsMatrix(parameters, "LEGEND", context))


def training_results(arguments: dict[str, Any], training: Any) -> dict[str, Any]:
    """The training outputs of an algorithm's result dict, from a core ``TrainingResult``."""
    return training_outputs(training, arguments["files"])
