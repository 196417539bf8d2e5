# Root targets delegate to backend/Makefile, which bootstraps uv on its own.
TARGETS := bootstrap install test test-blocking-io detect-blocking-io serve lint format docs bench bench-static eval-static check-teeth bench-monitor bench-runtime detect-thread-boundaries blocking-io-coverage

.PHONY: $(TARGETS)
$(TARGETS):
	@$(MAKE) --no-print-directory -C backend $@
