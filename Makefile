# mujun — the two commands a newcomer needs are `make run` and `make test`.
SWIFT      ?= swift
PIPELINE   ?= Pipelines/zhejiang.json5
DATA       ?= SampleData/qingxi
OUT        ?= out
BIN         = .build/release/mujun

.PHONY: all run build test bench fuzz clean

all: run

# The Swift runtime and Foundation linked in: each start of `mujun` (and its one relaunch for huge
# pages) skips loading and binding a dozen shared libraries, ~6 ms a start on this machine kind.
build:
	$(SWIFT) build -c release --product mujun --static-swift-stdlib

run: build
	$(BIN) run $(PIPELINE) --data $(DATA) --out $(OUT)
	@echo "Tables: $(OUT)/latest/ ($$(ls $(OUT)/latest/ | tr '\n' ' '))"

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: build
	@python3 Scripts/bench.py || true

FUZZ_SECONDS ?= 600
FUZZ_DIR      = .build/fuzz
CORE_SOURCES  = $(shell find Sources/MujunCore -name '*.swift')

fuzz: $(FUZZ_DIR)/csv-input $(FUZZ_DIR)/pipeline-file
	mkdir -p $(FUZZ_DIR)/corpus-csv $(FUZZ_DIR)/corpus-pipeline
	cp SampleData/*/*.csv Tests/FuzzCorpus/csv-input/* $(FUZZ_DIR)/corpus-csv/ 2>/dev/null || true
	cp Pipelines/*.json5 Tests/FuzzCorpus/pipeline-file/* $(FUZZ_DIR)/corpus-pipeline/ 2>/dev/null || true
	cd $(FUZZ_DIR) && ./csv-input -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -max_len=65536 corpus-csv
	cd $(FUZZ_DIR) && ./pipeline-file -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 corpus-pipeline

FUZZ_SWIFTC   = swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MujunFuzz -I Sources/CSHA256/include -I Sources/CIntrinsics/include

FUZZ_C_OBJECTS = $(FUZZ_DIR)/csha256.o $(FUZZ_DIR)/cintrinsics.o

$(FUZZ_DIR)/csha256.o: Sources/CSHA256/sha256_ni.c
	mkdir -p $(FUZZ_DIR)
	clang -O2 -c -I Sources/CSHA256/include $< -o $@

$(FUZZ_DIR)/cintrinsics.o: Sources/CIntrinsics/intrinsics.c Sources/CIntrinsics/include/cintrinsics.h
	mkdir -p $(FUZZ_DIR)
	clang -O2 -c -I Sources/CIntrinsics/include $< -o $@

$(FUZZ_DIR)/csv-input: $(CORE_SOURCES) Fuzz/CSVInputFuzz.swift $(FUZZ_C_OBJECTS)
	$(FUZZ_SWIFTC) $(CORE_SOURCES) Fuzz/CSVInputFuzz.swift $(FUZZ_C_OBJECTS) -o $@

$(FUZZ_DIR)/pipeline-file: $(CORE_SOURCES) Fuzz/PipelineFileFuzz.swift $(FUZZ_C_OBJECTS)
	$(FUZZ_SWIFTC) $(CORE_SOURCES) Fuzz/PipelineFileFuzz.swift $(FUZZ_C_OBJECTS) -o $@

clean:
	rm -rf .build $(OUT)
