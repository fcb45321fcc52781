"""Features computed from the raster stack: spectral indices, neighbourhood (texture,
focal, slope) features, and the feature stack that applies a recipe block by block."""
