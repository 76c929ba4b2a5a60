"""
`make cluster-test`: the portal past one machine, with the real engines, on this machine.

nginx (Debian's package) in front of two gunicorn app servers, one PostgreSQL, one Redis
and media on an S3 API (moto's standalone server), each started from the deployment kit's
own files (deploy/). Not part of `make test`: it starts and stops servers, and takes a few
minutes.
"""
