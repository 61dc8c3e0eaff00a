"""The official tables of `bangfu report`, each `build(loaded, parameters) -> Workbook`."""
