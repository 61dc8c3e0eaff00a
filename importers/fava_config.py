"""Import config for Fava's import page:

    2025-01-01 custom "fava-option" "import-config" "<path to this file>"
    2025-01-01 custom "fava-option" "import-dirs" "<folder with the sheets>"
"""

from importers.importer import IMPORTERS

CONFIG = IMPORTERS
HOOKS: list = []
