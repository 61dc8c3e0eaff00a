"""The level above: `bangfu export` (a unit's 备案 copy) and `bangfu consolidate`
(verify, roll up and cross-check many units' copies)."""
