"""The model: the classifier registry, the ``.lulcmodel`` file (manifest, bounded archive,
skops estimator) and the optional ONNX inference."""
