"""`backprop-lab serve`: the hidden checks on demand, before the deadline, with an attempt budget.

One file per concern, as a reader would look for them:

- `config.py` — what the instructor set (nbgrader_config.py's `c.BackpropServe`, the command line);
- `store.py`  — the one place that talks to the database: tokens (hashes only) and attempts;
- `auth.py`   — who is asking: a JupyterHub API token checked with the Hub, or a token of `tokens`;
- `app.py`    — the HTTP routes (Starlette), a thin layer over the executor that grades;
- `client.py` — what a student's kernel runs (standard library only), `check("softmax")`.

Grading never happens in the server's process: every submission goes to the executor
(`autograder.executor`), a local pool or a Dask cluster, as plain bytes.
"""
