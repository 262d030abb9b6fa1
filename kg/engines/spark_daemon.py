"""PySpark's Python worker daemon, with the extraction pipeline loaded before it forks.

Spark starts this module (``spark.python.daemon.module``) once per executor; every
Python worker is forked from it and so starts with jieba and the lexicons in memory,
as the local build's pool workers do, instead of loading them (~2 s) in each worker.
It must not write to stdout: the daemon reports its port to the executor there.
"""

if __name__ == "__main__":
    from pyspark import daemon

    from kg.engines import spark

    spark._warm()
    daemon.manager()
