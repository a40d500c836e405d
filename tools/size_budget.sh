#!/usr/bin/env bash
# House rule 16: report lines per module and fail when a Java source file passes 1,000 lines
# (a logic file over ~500 needs a reason; flat tables are exempt: list them in EXEMPT).
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=1000
EXEMPT='(Cases\.java)$'
status=0
for module in kiln-*/; do
  lines=$(find "$module" -path '*/src/main/java/*.java' -print0 | xargs -0r cat | wc -l)
  tests=$(find "$module" -path '*/src/test/java/*.java' -print0 | xargs -0r cat | wc -l)
  printf '%-20s main %6d lines, test %6d lines\n' "${module%/}" "$lines" "$tests"
done
while IFS= read -r -d '' f; do
  n=$(wc -l < "$f")
  if [ "$n" -gt "$LIMIT" ] && ! [[ "$f" =~ $EXEMPT ]]; then
    echo "size budget: $f has $n lines (limit $LIMIT); split it by role" >&2
    status=1
  elif [ "$n" -gt 500 ] && ! [[ "$f" =~ $EXEMPT ]]; then
    echo "note: $f has $n lines (over ~500: it needs a reason)"
  fi
done < <(find kiln-* -path '*/src/*' -not -path '*/target/*' -name '*.java' -print0)
exit $status
