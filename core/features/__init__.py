"""Features computed from the raster stack.

Spectral indices, neighbourhood (texture, focal, slope) features, and the feature stack that
applies a recipe block by block.
"""
