"""Commands for people who run or host the handbook (audit, load test): they measure and
report; the handbook's engine does not depend on them."""
