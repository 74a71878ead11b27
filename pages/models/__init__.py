"""Content page types, one module per family (blog, disclosures, notices, showcases)."""
