"""The generative answerer: an LLM writes cited sentences, a verifier keeps only the supported ones."""
