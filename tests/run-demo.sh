#!/usr/bin/env bash
# Set everything up and run the demo: install missing packages, build and
# install the extension, start a throwaway cluster, create the extension,
# run tests/demo.sql, stop the cluster.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -v ON_ERROR_STOP=1 --echo-queries -P pager=off -f "$TOP/tests/demo.sql"
