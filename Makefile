# mujun — the two commands a newcomer needs are `make run` and `make test`.
SWIFT      ?= swift
PIPELINE   ?= Pipelines/zhejiang.json5
DATA       ?= SampleData/qingxi
OUT        ?= out
BIN         = .build/release/mujun

.PHONY: all run build test bench fuzz clean

all: run

build:
	$(SWIFT) build -c release --product mujun

run: build
	$(BIN) run $(PIPELINE) --data $(DATA) --out $(OUT)
	@echo
	@echo "Tables: $(OUT)/latest/"
	@$(BIN) summary $(OUT)/latest

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

bench: build
	@bash Scripts/bench.sh

clean:
	rm -rf .build $(OUT)
