# Every target runs in backend/ (whose Makefile bootstraps uv on its own): `make help` lists them.
.DEFAULT_GOAL := help

# Any goal is passed to backend/Makefile. `force` keeps a goal that names a file or directory here
# (`docs`) from counting as up to date; the empty Makefile rule stops make from remaking itself.
# INVOKED_FROM tells the detector where relative paths in ARGS were written from: here.
%: force
	@$(MAKE) --no-print-directory -C backend $@ INVOKED_FROM="$(CURDIR)"

.PHONY: force
force: ;

Makefile: ;
