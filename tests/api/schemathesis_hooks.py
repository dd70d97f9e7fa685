"""Schemathesis hooks for `test_openapi_conformance`: values of the document's own formats."""
