#!/usr/bin/env bash
# Extract strings into the three catalogues and fill bokmål (the source) with itself.
set -euo pipefail
cd "$(dirname "$0")/.."
for lang in nb nn en; do
  .venv/bin/python manage.py makemessages -l "$lang" -e html,txt,py --no-location \
    --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore='*/tests/*' --ignore=scripts
done
.venv/bin/python scripts/po_header.py
.venv/bin/python -c "
import polib
for lang in ('nn', 'en'):
    po = polib.pofile(f'locale/{lang}/LC_MESSAGES/django.po')
    for e in po.untranslated_entries() + po.fuzzy_entries():
        print(lang, repr(e.msgid))
"
