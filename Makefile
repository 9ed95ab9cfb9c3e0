# entrarisk: the Makefile is the contract (CI runs `make test`).
GO      ?= go
BIN     ?= bin/entrarisk
PKGS    := ./...

.PHONY: help build test bench fuzz vet fmt tidy demo clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/entrarisk
	$(GO) build -o $(BIN) ./cmd/entrarisk

test: ## run the test suite (what CI runs)
	$(GO) test -count=1 -timeout 15m $(PKGS)

bench: build ## generate large tenants and print ingest, run, analyze, report and scale figures (needs ~15 GB of disk in BENCH_DIR)
	$(GO) run ./cmd/entrarisk-bench -dir $${BENCH_DIR:-/tmp/entrarisk-bench} $(BENCH_FLAGS)

fuzz: ## run each fuzz target for a bounded time
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzNormalize$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzSniff$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzKeyCensus$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzFormatHeader$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzCultureDates$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./analyze -run '^$$' -fuzz '^FuzzRuleHeader$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./config -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $${FUZZTIME:-30s}

vet: ## go vet
	$(GO) vet $(PKGS)

fmt: ## gofmt every file
	gofmt -w $$(git ls-files '*.go')

tidy: ## go mod tidy
	$(GO) mod tidy

demo: build ## run the main job over the bundled demo tenant
	./$(BIN) run

clean: ## remove build output
	rm -rf bin
