"""Fava for bangfu: `bangfu serve` and the audit extension 帮扶资金审计."""
