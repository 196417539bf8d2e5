# Every target runs in backend/ (whose Makefile bootstraps uv on its own): `make help` lists them.
.DEFAULT_GOAL := help

# Any goal is passed to backend/Makefile. `force` keeps a goal that names a file or directory here
# (`docs`) from counting as up to date; the empty Makefile rule stops make from remaking itself.
# BLOCKING_IO_CALLER_DIR tells the detector where relative paths in ARGS were written from: the
# directory of this Makefile (where make was run, unless `-C` named another).
%: force
	@$(MAKE) --no-print-directory -C backend $@ BLOCKING_IO_CALLER_DIR="$(CURDIR)"

.PHONY: force
force: ;

Makefile: ;
