"""safesec: policy-as-code compliance checks for AI system repositories."""
__version__ = "0.1.0"
