# The chain `make analysis` runs: ingest -> validate -> normalise -> size ->
# stats -> model -> plot -> render, and the tables as a workbook, each step
# a rule on real files, so that only what an input change affects is
# rebuilt.  Run through the top Makefile:
#   make analysis [EXPORTS='dir/*.csv'] [POPULATION='dir/*.csv'] [OUT=dir]
#                 [ALLOW_REJECTS=1] [ALLOW_UNMATCHED=1] [COUNTRY=NO|SE]
#                 [MODELS='score ~ log10_population; score ~ ...']
#   make report KOMMUNE=<code or name> [YEAR=<year>] [REPORT_LANG=nb|sv|en]
#               [OUT=dir]
#   make reports YEAR=<year> [REPORT_LANG=...] [OUT=dir]   (-j: in parallel)
# Every stage writes its outputs beside their destination and renames them
# when complete, so a failing step leaves the previous out/ as it was, but
# for the list that says why it failed (rejects, findings, unmatched).
# The summary closes every run, also a failed one, and names the step.
# make report only reads OUT: it never rebuilds it from other inputs.
# KK_WRAP is put in front of every stage (make memcheck: valgrind).

BIN        ?= bin
OUT        ?= out
# The municipality whose ranking, comparison, radar and development
# charts make analysis draws: a municipality_id, code or name (as
# KOMMUNE), and the year of its evaluation (default: its latest).  Only
# the embedded exports have one by default: Røros 2022 (NO-5025), the
# municipality of the report kompass was first built to reproduce.
# Without FOCUS, make analysis draws every chart of a country, and make
# report KOMMUNE=... draws a municipality's.
ifeq ($(origin EXPORTS)$(origin FOCUS),undefinedundefined)
FOCUS      = NO-5025
FOCUS_YEAR ?= 2022
endif
EXPORTS    ?= data/exports/*.csv
POPULATION ?= data/population/*_population.csv
CHANGES    ?= data/population/*_code_changes.csv
METHOD     ?= identity
# The country of export files that have no country column (NO or SE);
# files with one say it on every row.
COUNTRY    ?=
SINCE      ?= 2010
# Any value but empty or 0 lets the chain go on past rejected rows or
# evaluations without a population; the summary still counts them.
ALLOW_REJECTS   ?=
ALLOW_UNMATCHED ?=
# The models of size against score, separated by ';'; empty: kk-model's
# default set (kk-model --help, doc/model.md).
MODELS     ?=
KK_WRAP    ?=
DICTS       = data/columns.csv data/areas.csv data/subareas.csv data/linking.csv
# How each chart looks: editing a template redraws the charts.
TEMPLATES   = $(wildcard plots/*.gp)

# Patterns are expanded here, not by the shell in a recipe, so that a
# pattern given quoted or unquoted names the same files in the same order.
# A word that matches no file is kept for the stage to name as missing.
files  = $(foreach w,$(1),$(or $(sort $(wildcard $(w))),$(w)))
allow  = $(filter-out 0,$(1))
EXPORT_FILES     := $(call files,$(EXPORTS))
POPULATION_FILES := $(call files,$(POPULATION))
CHANGE_FILES     := $(call files,$(CHANGES))

# $(call step,NAME,LIST,COMMAND): run a stage that writes the list of
# what it found wrong to LIST.new.  The list replaces LIST whenever the
# stage wrote it, also when the stage fails: it is the explanation.  A
# failing step is noted in OUT/.failed for kk-summary: the step's name on
# the first line, the list on the second when that holds the reason.
step = $(if $(2),rm -f $(2).new;) $(3); st=$$?; w=; \
	$(if $(2),[ -f $(2).new ] && mv $(2).new $(2) && w=$(notdir $(2));) \
	[ $$st = 0 ] || { $(call failed,$(1),"$$w"); exit $$st; }
failed = printf '%s\n%s\n' $(1) $(2) >$(OUT)/.failed
# A step whose input list is empty stops before the stage would read
# standard input or its defaults.
need = $(if $(2),,echo "make analysis: $(1) names no file" >&2; \
	$(call failed,$(3),); exit 2)

.PHONY: analysis steps report reports summary FORCE
.DELETE_ON_ERROR:

# The steps run in a make of their own so that the summary prints also
# when one fails; .analysis records the inputs of a complete analysis.
analysis:
	@mkdir -p $(OUT) && rm -f $(OUT)/.failed $(OUT)/.analysis
	@st=0; $(MAKE) --no-print-directory -f pipeline/analysis.mk steps || \
	    st=$$?; $(KK_WRAP) $(BIN)/kk-summary --dir $(OUT) || st=1; \
	[ $$st != 0 ] || cp $(OUT)/.args $(OUT)/.analysis; exit $$st

steps: $(OUT)/plots/.rendered $(OUT)/kompass.xlsx

# The inputs as make saw them, one per line, so a changed list reruns the
# chain and make report can draw with what the analysis was made with.
$(OUT)/.args: FORCE
	@mkdir -p $(OUT)
	@printf '%s\n' "EXPORTS=$(EXPORT_FILES)" \
	    "POPULATION=$(POPULATION_FILES)" "CHANGES=$(CHANGE_FILES)" \
	    "METHOD=$(METHOD)" "SINCE=$(SINCE)" "FOCUS=$(FOCUS)" \
	    "FOCUS_YEAR=$(FOCUS_YEAR)" "COUNTRY=$(COUNTRY)" \
	    "ALLOW_REJECTS=$(call allow,$(ALLOW_REJECTS))" \
	    "ALLOW_UNMATCHED=$(call allow,$(ALLOW_UNMATCHED))" > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(OUT)/evaluations.csv: $(wildcard $(EXPORT_FILES)) data/columns.csv \
    data/areas.csv $(BIN)/kk-ingest $(OUT)/.args
	@echo "== ingest: $(words $(EXPORT_FILES)) export files -> $@"
	@$(call need,EXPORTS,$(EXPORT_FILES),ingest)
	@$(call step,ingest,$(OUT)/rejects.csv,$(KK_WRAP) $(BIN)/kk-ingest \
	    $(if $(call allow,$(ALLOW_REJECTS)),--allow-rejects) \
	    $(if $(COUNTRY),--country $(COUNTRY)) \
	    --rejects $(OUT)/rejects.csv.new -o $@ $(EXPORT_FILES))

# findings.csv is the explanation of a failed validation, so it is not
# the target (.DELETE_ON_ERROR would remove it); .validated is.
$(OUT)/.validated: $(OUT)/evaluations.csv $(DICTS) $(BIN)/kk-validate
	@echo "== validate -> $(OUT)/findings.csv"
	@$(call step,validate,$(OUT)/findings.csv,$(KK_WRAP) $(BIN)/kk-validate \
	    -o $(OUT)/findings.csv.new $(OUT)/evaluations.csv)
	@touch $@

# Linking pairs and resamples municipalities: the population tables say
# which codes are one municipality, as they do for kk-size.
$(OUT)/normalised.csv: $(OUT)/.validated $(DICTS) $(BIN)/kk-normalise \
    $(wildcard $(POPULATION_FILES)) $(wildcard $(CHANGE_FILES))
	@echo "== normalise ($(METHOD)) -> $@"
	@$(call step,normalise,,$(KK_WRAP) $(BIN)/kk-normalise --method $(METHOD) \
	    $(foreach p,$(POPULATION_FILES),--population $(p)) \
	    $(foreach c,$(CHANGE_FILES),--code-changes $(c)) \
	    --constants $(OUT)/linking_constants.csv -o $@ \
	    $(OUT)/evaluations.csv)

$(OUT)/scores.csv: $(OUT)/normalised.csv $(wildcard $(POPULATION_FILES)) \
    $(wildcard $(CHANGE_FILES)) $(BIN)/kk-size
	@echo "== size: join population -> $@"
	@$(call need,POPULATION,$(POPULATION_FILES),size)
	@$(call step,size,$(OUT)/unmatched.csv,$(KK_WRAP) $(BIN)/kk-size \
	    $(foreach p,$(POPULATION_FILES),--population $(p)) \
	    $(foreach c,$(CHANGE_FILES),--code-changes $(c)) \
	    $(if $(call allow,$(ALLOW_UNMATCHED)),--allow-unmatched) \
	    --unmatched $(OUT)/unmatched.csv.new -o $@ $(OUT)/normalised.csv)

$(OUT)/tables/summary.csv: $(OUT)/scores.csv $(BIN)/kk-stats
	@echo "== stats -> $(OUT)/tables/"
	@$(call step,stats,,$(KK_WRAP) $(BIN)/kk-stats \
	    -d $(OUT)/tables $(OUT)/scores.csv)

# MODELS on its own, so that other models refit without the chain before.
$(OUT)/.models: FORCE
	@mkdir -p $(OUT)
	@printf '%s\n' '$(MODELS)' > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

# One --model per formula of MODELS; set -f keeps a '*' from globbing.
$(OUT)/tables/size_model.csv: $(OUT)/scores.csv $(BIN)/kk-model $(OUT)/.models
	@echo "== model: size against score, adjusted -> $@"
	@mkdir -p $(@D)
	@set -f; models='$(MODELS)'; IFS=';'; set --; \
	for m in $$models; do set -- "$$@" --model "$$m"; done; unset IFS; \
	$(call step,model,,$(KK_WRAP) $(BIN)/kk-model "$$@" -o $@ \
	    --partial $(OUT)/tables/size_partial.csv $(OUT)/scores.csv)

$(OUT)/plots/.written: $(OUT)/tables/summary.csv $(OUT)/tables/size_model.csv \
    data/areas.csv $(TEMPLATES) data/benchmarks.csv data/i18n/en.csv \
    $(BIN)/kk-plot $(BIN)/kk-report $(OUT)/.args
	@echo "== plot: gnuplot scripts -> $(OUT)/plots/"
	@$(if $(FOCUS),$(focus),$(nofocus)) \
	$(call step,plot,,$(KK_WRAP) $(BIN)/kk-plot -d $(OUT)/plots \
	    --tables $(OUT)/tables --areas data/areas.csv --since $(SINCE) \
	    --benchmarks data/benchmarks.csv \
	    $(if $(FOCUS),--municipality "$$3" --year "$$2") \
	    $(OUT)/scores.csv)
	@touch $@

# FOCUS as kk-report finds a KOMMUNE (municipality_id, code or name; the
# evaluation of FOCUS_YEAR, or its latest): "$$1 $$2 $$3" are the
# evaluation's code and year and the municipality_id.  One that the
# exports do not hold stops the step, naming them.
sq = '$(subst ','\'',$(1))'
focus = who=$$($(KK_WRAP) $(BIN)/kk-report --dir $(OUT) \
	    $(if $(FOCUS_YEAR),--year $(FOCUS_YEAR)) --resolve -- \
	    $(call sq,$(FOCUS))) || { \
	    printf 'make analysis: FOCUS=%s%s: no such evaluation in the %s\n' \
	    $(call sq,$(FOCUS)) '$(if $(FOCUS_YEAR), FOCUS_YEAR=$(FOCUS_YEAR))' \
	    $(call sq,exports read: $(EXPORT_FILES)) >&2; \
	    $(call failed,plot,); exit 1; }; set -- $$who;
nofocus = $(if $(FOCUS_YEAR),echo "make analysis: FOCUS_YEAR=$(FOCUS_YEAR)" \
	    "needs FOCUS=<municipality>" >&2; $(call failed,plot,); exit 2;) \
	echo "   (no FOCUS: the charts of one municipality come with make" \
	    "report KOMMUNE=<name or code>, or make analysis FOCUS=<name or code>)";

$(OUT)/plots/.rendered: $(OUT)/plots/.written pipeline/render.sh
	@echo "== render: PNG and SVG"
	@$(call step,render,,sh pipeline/render.sh $(OUT)/plots)
	@touch $@

# Every table as a sheet, for those who open them in Excel; the first sheet
# names the files read.
$(OUT)/kompass.xlsx: $(OUT)/tables/summary.csv $(wildcard $(OUT)/tables/*.csv) \
    $(BIN)/kk-workbook $(OUT)/.args
	@echo "== workbook -> $@"
	@$(call step,workbook,,$(KK_WRAP) $(BIN)/kk-workbook --dir $(OUT) -o $@ \
	    $(foreach e,$(EXPORT_FILES),--export $(e)) \
	    $(foreach p,$(POPULATION_FILES),--population $(p)) \
	    $(foreach c,$(CHANGE_FILES),--code-changes $(c)))

summary: $(BIN)/kk-summary
	@$(KK_WRAP) $(BIN)/kk-summary --dir $(OUT)

# ---- the benchmark report of one municipality --------------------------------
report: $(BIN)/kk-report
	@sh pipeline/report.sh $(BIN) $(OUT) "$(KOMMUNE)" "$(YEAR)" "$(REPORT_LANG)"

# ---- the reports of every evaluation of a year, and their index ---------------
# The list of the year's evaluations is the analysis's; each report is a
# target of its own, so make -j writes them side by side.
reports: $(BIN)/kk-report
	@[ -n "$(YEAR)" ] || { echo "make reports: give YEAR=<year>" >&2; exit 2; }
	@[ -f $(OUT)/.analysis ] || { echo "make reports: no complete analysis" \
	    "in $(OUT)/: run make analysis first" >&2; exit 1; }
	@codes=$$($(BIN)/kk-report --dir $(OUT) --list $(YEAR)) || exit; \
	 [ -n "$$codes" ] || { echo "make reports: no evaluation of $(YEAR)" \
	     "in $(OUT)/scores.csv" >&2; exit 1; }; \
	 $(MAKE) --no-print-directory -f pipeline/analysis.mk report-index \
	     REPORT_CODES="$$codes"

report-index: $(addprefix report-of-,$(REPORT_CODES))
	@$(BIN)/kk-report --dir $(OUT) --index $(YEAR) \
	    $(if $(REPORT_LANG),--lang $(REPORT_LANG))

report-of-%: $(BIN)/kk-report
	@sh pipeline/report.sh $(BIN) $(OUT) "$*" "$(YEAR)" "$(REPORT_LANG)"
