"""``Key``: a request's pair of company ids, ``(exporter id, buyer id)``, as every module
of the model keys its variables, plans and loads by it (``domain.Request.key``).
"""

Key = tuple[str, str]
