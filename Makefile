# ConvViz: two commands do everything on a fresh Debian machine (as root) or on macOS.
#   make run    install what is missing, build (release), render every lesson into output/
#   make test   install what is missing, run the test suite
.PHONY: run test setup bench clean

run: setup
	swift build -c release --product convviz
	.build/release/convviz lesson --all

test: setup
	swift test --disable-xctest

setup:
	@sh .ci/setup

bench: setup
	bench/run

clean:
	find output -mindepth 1 -maxdepth 1 -type d ! -name gallery -exec rm -rf {} +
	rm -rf .build
