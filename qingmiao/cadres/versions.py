"""The cadre register's data version (see qingmiao/core/versions.py): every table a cadre list,
its drop-downs or the home page's figures read. A write to any of them — a cadre, its tags, a
unit (a move rewrites the paths the scope matches), a code or a tag — gives "cadres" a new
token, so nothing cached from them is shown after the write."""

KEY = "cadres"
TABLES = ("cadres_cadre", "cadres_cadre_tags", "cadres_orgunit", "cadres_codeitem", "cadres_tag")
