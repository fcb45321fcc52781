"""The model: the classifier registry, the ``.lulcmodel`` file and the ONNX inference.

The ``.lulcmodel`` file holds a manifest and a skops estimator in a bounded archive; the ONNX
inference is optional.
"""
