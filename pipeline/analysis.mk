# The chain `make analysis` runs: ingest -> validate -> normalise -> size ->
# stats -> plot -> render, each step a rule on real files, so that only
# what an input change affects is rebuilt.  Run through the top Makefile:
#   make analysis [EXPORTS='dir/*.csv'] [POPULATION='dir/*.csv'] [OUT=dir]
#   make report KOMMUNE=<code or name> [YEAR=<year>]
# Every stage writes its outputs beside their destination and renames them
# when complete, so a failing step leaves the previous out/ as it was.
# KK_WRAP is put in front of every stage (make memcheck: valgrind).

BIN        ?= bin
OUT        ?= out
EXPORTS    ?= $(sort $(wildcard data/exports/*.csv))
POPULATION ?= $(sort $(wildcard data/population/*_population.csv))
CHANGES    ?= $(sort $(wildcard data/population/*_code_changes.csv))
METHOD     ?= identity
SINCE      ?= 2010
# The municipality whose ranking, radar and development charts make
# analysis draws (the seed report's Røros: 5025, formerly 1640);
# make report draws them for any other.
FOCUS      ?= 5025,1640
FOCUS_YEAR ?= 2022
KK_WRAP    ?=
DICTS       = data/columns.csv data/areas.csv data/subareas.csv data/linking.csv

# A version of EXPORTS/POPULATION as words, so a changed list reruns.
STAMP_ARGS = $(OUT)/.args

.PHONY: analysis report summary FORCE
.DELETE_ON_ERROR:

analysis: $(OUT)/plots/.rendered summary

$(OUT)/.args: FORCE
	@mkdir -p $(OUT)
	@printf '%s\n' "$(EXPORTS)" "$(POPULATION)" "$(CHANGES)" "$(METHOD)" \
	    "$(SINCE) $(FOCUS) $(FOCUS_YEAR)" > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(OUT)/evaluations.csv: $(EXPORTS) data/columns.csv $(BIN)/kk-ingest $(OUT)/.args
	@echo "== ingest: $(words $(EXPORTS)) export files -> $@"
	@$(KK_WRAP) $(BIN)/kk-ingest --rejects $(OUT)/rejects.csv -o $@ $(EXPORTS)

$(OUT)/findings.csv: $(OUT)/evaluations.csv $(DICTS) $(BIN)/kk-validate
	@echo "== validate -> $@"
	@$(KK_WRAP) $(BIN)/kk-validate -o $@ $(OUT)/evaluations.csv

$(OUT)/normalised.csv: $(OUT)/findings.csv $(DICTS) $(BIN)/kk-normalise
	@echo "== normalise ($(METHOD)) -> $@"
	@$(KK_WRAP) $(BIN)/kk-normalise --method $(METHOD) \
	    --constants $(OUT)/linking_constants.csv -o $@ $(OUT)/evaluations.csv

$(OUT)/scores.csv: $(OUT)/normalised.csv $(POPULATION) $(CHANGES) $(BIN)/kk-size
	@echo "== size: join population -> $@"
	@$(KK_WRAP) $(BIN)/kk-size $(foreach p,$(POPULATION),--population $(p)) \
	    $(foreach c,$(CHANGES),--code-changes $(c)) \
	    --unmatched $(OUT)/unmatched.csv -o $@ $(OUT)/normalised.csv

$(OUT)/tables/summary.csv: $(OUT)/scores.csv $(CHANGES) $(BIN)/kk-stats
	@echo "== stats -> $(OUT)/tables/"
	@$(KK_WRAP) $(BIN)/kk-stats $(foreach c,$(CHANGES),--code-changes $(c)) \
	    -d $(OUT)/tables $(OUT)/scores.csv

$(OUT)/plots/.written: $(OUT)/tables/summary.csv data/areas.csv $(BIN)/kk-plot $(OUT)/.args
	@echo "== plot: gnuplot scripts -> $(OUT)/plots/"
	@$(KK_WRAP) $(BIN)/kk-plot -d $(OUT)/plots --tables $(OUT)/tables \
	    --areas data/areas.csv --since $(SINCE) \
	    $(if $(FOCUS),--municipality $(FOCUS) $(if $(FOCUS_YEAR),--year $(FOCUS_YEAR))) \
	    $(OUT)/scores.csv
	@touch $@

$(OUT)/plots/.rendered: $(OUT)/plots/.written pipeline/render.sh
	@echo "== render: PNG and SVG"
	@sh pipeline/render.sh $(OUT)/plots
	@touch $@

summary: $(OUT)/plots/.rendered $(BIN)/kk-summary
	@$(KK_WRAP) $(BIN)/kk-summary --dir $(OUT)

# ---- the benchmark report of one municipality --------------------------------
report: $(OUT)/plots/.rendered $(BIN)/kk-report
	@sh pipeline/report.sh $(BIN) $(OUT) "$(KOMMUNE)" "$(YEAR)"
