"""The graphical modeler's own checks (issue 14 item 9): the bundled model, and models that set
only an algorithm's data inputs, are valid as the modeler sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL3 = Path(__file__).parent.parent / "data" / "sample_train_predict.model3"
#: Option parameter types; every other non-destination parameter is data (layers, fields, files).
OPTIONS = {"number", "boolean", "enum", "string"}
#: The mandatory options, in the dialog's main part (never advanced).
MAIN_OPTIONS = {
    "lulc:assess": ["SAMPLING_DESIGN"],
    "lulc:classify": ["ALGORITHM", "BALANCED", "PRESET", "VALIDATION"],
    "lulc:sample": ["PRESET"],
    "lulc:segment": ["COMPACTNESS", "METHOD", "MIN_SIZE", "SCALE", "SEGMENT_SIZE", "SIGMA"],
    "lulc:smooth": ["CONNECTIVITY", "METHOD", "MIN_AREA", "MIN_AREA_UNIT", "WINDOW"],
    "lulc:stack": ["PRESET"],
    "lulc:suggest": ["BALANCE", "COUNT", "DISTANCE_UNIT", "MIN_DISTANCE", "STRATEGY"],
    "lulc:train": ["ALGORITHM", "BALANCED", "VALIDATION"],
    "lulc:validationpoints": ["ALLOCATION", "EXPECTED_USERS", "TARGET_SE"],
}


def _algorithms() -> list[Any]:
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("lulc")
    algorithms = sorted(provider.algorithms(), key=lambda a: a.id())
    assert len(algorithms) >= 10
    return algorithms


def _model() -> Any:
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL3))
    return model


def test_sample_model_is_valid_in_the_modeler(qgis_app: Any) -> None:
    model = _model()
    assert sorted(model.childAlgorithms()) == ["predict", "sample", "train"]
    for child_id in model.childAlgorithms():
        assert model.validateChildAlgorithm(child_id) == (True, []), child_id
    assert model.validate() == (True, [])


def test_sample_model_sets_every_child_parameter(qgis_app: Any) -> None:
    model = _model()
    for child_id, child in model.childAlgorithms().items():
        expected = {
            d.name() for d in child.algorithm().parameterDefinitions() if not d.isDestination()
        }
        assert expected <= set(child.parameterSources()), child_id


def test_sample_model_components_have_distinct_positions(qgis_app: Any) -> None:
    model = _model()
    components = [*model.parameterComponents().values(), *model.childAlgorithms().values()]
    for child in model.childAlgorithms().values():
        components += list(child.modelOutputs().values())
    positions = [(c.position().x(), c.position().y()) for c in components]
    assert len(components) == 8  # 3 inputs, 3 algorithms, 2 outputs
    assert len(set(positions)) == len(positions)
    # boxes are 200 x 30 around their position: none may overlap another
    for i, (x, y) in enumerate(positions):
        for u, v in positions[i + 1 :]:
            assert abs(x - u) >= 200 or abs(y - v) >= 30, (x, y, u, v)


def test_models_leaving_out_advanced_options_are_valid(qgis_app: Any) -> None:
    """A model saved before an (advanced) option was added has no value for it: it must stay
    valid, the option taking its default."""
    invalid = {}
    for alg in _algorithms():
        valid, issues = _model_without_advanced_options(alg).validateChildAlgorithm("child")
        if not valid:
            invalid[alg.id()] = issues
    assert invalid == {}


def test_main_options_are_the_known_mandatory_ones(qgis_app: Any) -> None:
    """A new mandatory option makes every saved model invalid: add options as advanced ones."""
    mandatory = {
        alg.id(): sorted(
            d.name()
            for d in alg.parameterDefinitions()
            if d.type() in OPTIONS and not d.flags() & d.Flag.FlagOptional
        )
        for alg in _algorithms()
    }
    assert {k: v for k, v in mandatory.items() if v} == MAIN_OPTIONS


def test_every_advanced_option_with_a_default_is_optional(qgis_app: Any) -> None:
    mandatory = [
        f"{alg.id()} {d.name()}"
        for alg in _algorithms()
        for d in alg.parameterDefinitions()
        if d.type() in OPTIONS
        and d.flags() & d.Flag.FlagAdvanced
        and d.defaultValue() is not None
        and not d.flags() & d.Flag.FlagOptional
    ]
    assert mandatory == []


def _model_without_advanced_options(alg: Any) -> Any:
    """A model with one child of ``alg`` setting its mandatory main parameters only: data inputs
    from model inputs, main options to their defaults."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelParameter,
    )

    model = QgsProcessingModelAlgorithm("m", "g")
    child = QgsProcessingModelChildAlgorithm(alg.id())
    child.setChildId("child")
    for d in alg.parameterDefinitions():
        flags = d.flags()
        if d.isDestination() or flags & (d.Flag.FlagOptional | d.Flag.FlagAdvanced):
            continue
        if d.type() in OPTIONS:
            source = QgsProcessingModelChildParameterSource.fromStaticValue(d.defaultValue())
        else:
            model.addModelParameter(d.clone(), QgsProcessingModelParameter(d.name()))
            source = QgsProcessingModelChildParameterSource.fromModelParameter(d.name())
        child.addParameterSources(d.name(), [source])
    model.addChildAlgorithm(child)
    return model
