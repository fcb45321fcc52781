"""The former home of :class:`~.model.encoded_classifier.EncodedClassifier`.

Kept because model files written before version 0.7 name this module for their XGBoost
estimator (skops imports a trusted type by the module its file names).
"""

from __future__ import annotations

from .model.encoded_classifier import EncodedClassifier

__all__ = ["EncodedClassifier"]
