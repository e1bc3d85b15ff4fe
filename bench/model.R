# make bench: R fitting kk-model's default models on the same scores.csv
# (pipeline/bench.sh times it beside kk-model).  For each country (NO,
# SE, ALL) and area: lm() and the CR1 covariance with municipality_id as
# the cluster, written out as in tests/cases/model-r/oracle.R; a factor
# with one level in a subset (country within NO) is left out, as
# kk-model leaves it out.  Prints the CPU seconds of reading and of
# fitting, and the size effect on the total of both countries.
#   Rscript bench/model.R scores.csv
args <- commandArgs(TRUE)
t0 <- proc.time()
d <- read.csv(args[1], colClasses = "character")
for (v in c("year", "score", "log10_population"))
  d[[v]] <- as.numeric(d[[v]])
t1 <- proc.time()
models <- list(score ~ log10_population,
               score ~ log10_population + country + version,
               score ~ log10_population + country + version + year,
               score ~ log10_population * country + version)
cr1 <- function(fit, cl) {
  k <- fit$rank
  X <- model.matrix(fit)[, fit$qr$pivot[seq_len(k)], drop = FALSE]
  e <- resid(fit); n <- nrow(X)
  S <- rowsum(X * e, cl); G <- nrow(S)
  Ri <- backsolve(fit$qr$qr[seq_len(k), seq_len(k), drop = FALSE], diag(k))
  W <- S %*% Ri
  G / (G - 1) * (n - 1) / (n - k) * Ri %*% crossprod(W) %*% t(Ri)
}
headline <- NA
for (i in seq_along(models))
  for (country in c("NO", "SE", "ALL"))
    for (area in c(1:8, "total")) {
      m <- models[[i]]
      s <- d[d$area == area & (country == "ALL" | d$country == country), ]
      s <- s[complete.cases(s[, c(all.vars(m), "municipality_id")]), ]
      one <- Filter(function(v) is.character(s[[v]]) &&
                    length(unique(s[[v]])) < 2, all.vars(m)[-1])
      labels <- attr(terms(m), "term.labels")
      keep <- labels[!sapply(strsplit(labels, ":"),
                             function(v) any(v %in% one))]
      fit <- lm(reformulate(keep, "score"), s)
      V <- cr1(fit, s$municipality_id)
      if (country == "ALL" && area == "total" && i == 3)
        headline <- c(coef(fit)[["log10_population"]], sqrt(V[2, 2]))
    }
t2 <- proc.time()
cpu <- function(a, b) sum((b - a)[c(1, 2)])
cat(sprintf("R: read %.2f s, fit %.2f s CPU; size effect %.6f (se %.6f)\n",
            cpu(t0, t1), cpu(t1, t2), headline[1], headline[2]))
