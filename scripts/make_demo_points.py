"""Make data/historical_map/train_points.gpkg: seeded random points inside the labelled polygons.

The sample data ships 17 polygons (and their 17 centroids): too few points for a hold-out.
This script draws N points per polygon (uniform, seeded) and keeps the polygon's fields, so the
demo runs lulc:classify on a realistic point layer. Run with QGIS's Python:
    /usr/bin/python3 scripts/make_demo_points.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import Point

HERE = Path(__file__).resolve().parent.parent / "data" / "historical_map"
PER_POLYGON = 30
SEED = 20261121


def main() -> int:
    """Write the point layer and print how many points per class."""
    polygons = gpd.read_file(HERE / "train.gpkg")
    rng = np.random.default_rng(SEED)
    rows = []
    for _, feature in polygons.iterrows():
        geom = feature.geometry
        minx, miny, maxx, maxy = geom.bounds
        points: list[Point] = []
        while len(points) < PER_POLYGON:
            xs = rng.uniform(minx, maxx, 256)
            ys = rng.uniform(miny, maxy, 256)
            points += [p for p in map(Point, xs, ys) if geom.contains(p)]
        for p in points[:PER_POLYGON]:
            rows.append({"Class": int(feature["Class"]), "Type": feature["Type"], "geometry": p})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=polygons.crs)
    target = HERE / "train_points.gpkg"
    target.unlink(missing_ok=True)
    out.to_file(target, driver="GPKG", layer="train_points")
    print(out.groupby("Type").size().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
