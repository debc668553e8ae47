"""Linking accounts to sellers across platforms (see docs/architecture.md, "Linking").

Finders turn stored accounts into edges (`edge.Edge`): declared links, shared ids, re-used
images, near-duplicate words, close handles. The rule (`rule.yaml`) turns the edges of each
pair into a same-seller verdict; storage keeps both (`storage/models/links.py`).
"""
