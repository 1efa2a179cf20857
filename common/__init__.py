"""What every app may use: NHS.UK forms, error pages and the API's error format.

It imports no app of the service; the composition root (``phb``) and every app import it.
"""
