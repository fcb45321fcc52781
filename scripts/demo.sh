#!/usr/bin/env bash
# The main job: installs what is missing, then classifies the bundled historical map from its
# labelled points with qgis_process (lulc:classify), leaving map, style, model and report in
# output/demo/ and printing where they are and the accuracy.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
bash "$HERE/setup.sh"
OUT="${1:-$ROOT/output/demo}"
DATA="$ROOT/data/historical_map"
mkdir -p "$OUT"
start=$(date +%s.%N)
"$HERE/qgis-process" --json run lulc:classify -- \
  RASTERS="$DATA/map_compress.tif" LABELS="$DATA/train_points.gpkg" CLASS_FIELD=Type \
  ALGORITHM=0 OUTPUT="$OUT/landcover.tif" OUTPUT_MODEL="$OUT/model.lulcmodel" \
  OUTPUT_REPORT="$OUT/report.html" > "$OUT/run.json"
end=$(date +%s.%N)
# The honest figure: samples from the 17 labelled polygons, cross-validated with whole polygons
# per fold (2 folds: two classes have only 2 polygons), beside random k-fold on the same samples.
"$HERE/qgis-process" --json run lulc:sample -- \
  RASTERS="$DATA/map_compress.tif" LABELS="$DATA/train.gpkg" CLASS_FIELD=Type \
  MAX_PER_FEATURE=200 OUTPUT="$OUT/polygon_samples.gpkg" > "$OUT/sample.json"
"$HERE/qgis-process" --json run lulc:train -- \
  SAMPLES="$OUT/polygon_samples.gpkg" CLASS_FIELD=Type VALIDATION=2 FOLDS=2 \
  OUTPUT_MODEL="$OUT/polygon_model.lulcmodel" OUTPUT_REPORT="$OUT/spatial_report.html" \
  > "$OUT/spatial.json"
/usr/bin/python3 - "$OUT/run.json" "$start" "$end" "$OUT/spatial.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
spatial = json.load(open(sys.argv[4]))["results"]
res = run["results"]
print("Land-cover map:  ", res["OUTPUT"])
print("Style (.qml):    ", res["OUTPUT"].rsplit(".", 1)[0] + ".qml")
print("Model:           ", res["OUTPUT_MODEL"])
print("Accuracy report: ", res["OUTPUT_REPORT"])
print(f"Overall accuracy: {res['OVERALL_ACCURACY']:.4f}   kappa: {res['KAPPA']:.4f}"
      "   (stratified 30 % hold-out of the labelled points)")
print(f"Run time:         {float(sys.argv[3]) - float(sys.argv[2]):.1f} s (qgis_process, all steps)")
print(f"Honest accuracy:  {spatial['OVERALL_ACCURACY']:.4f} with whole polygons per fold, against "
      f"{spatial['RANDOM_CV_ACCURACY']:.4f} with random folds ({spatial['OUTPUT_REPORT']})")
PY
