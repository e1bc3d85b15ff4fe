# Oracle for the model-r case: every row kk-model writes for scores.csv
# (the embedded data as of this case, with municipality_id), computed with
# R's lm() and the CR1 covariance written out, into expected/.
#   Rscript oracle.R            (R 4.2.2, sandwich 3.0-2; in this directory)
#   Rscript oracle.R classical  the same with --se classical, into
#                               expected-classical/
# Numbers are printed with 17 significant digits, NA as an empty cell;
# "*" (any text) stands for the reason an undefined fit gives.
invisible(Sys.setlocale("LC_COLLATE", "C"))   # factor levels in byte order
classical <- identical(commandArgs(TRUE), "classical")
library(sandwich)
d <- read.csv("scores.csv", colClasses = "character")
for (v in c("year", "raw_score", "score", "max", "population",
            "population_year", "log10_population"))
  d[[v]] <- as.numeric(d[[v]])            # "" -> NA
for (v in names(d)) if (is.character(d[[v]])) d[[v]][d[[v]] == ""] <- NA
models <- c("score ~ log10_population",
            "score ~ log10_population + country + version",
            "score ~ log10_population + country + version + year",
            "score ~ log10_population * country + version")
num <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))

# CR1: G/(G-1) (N-1)/(N-K) (X'X)^-1 [sum_g X_g'e_g e_g'X_g] (X'X)^-1, with
# (X'X)^-1 = R^-1 R^-T from lm's own QR.  Multiplied out in this order:
# B %*% meat %*% B with B = chol2inv(R) loses up to 6 digits here (year
# near 2015 next to the intercept), as does vcovCL, which it is checked
# against only that far.
cr1 <- function(fit, cl) {
  k <- fit$rank
  X <- model.matrix(fit)[, fit$qr$pivot[seq_len(k)], drop = FALSE]
  e <- resid(fit); n <- nrow(X)
  S <- rowsum(X * e, cl); G <- nrow(S)
  Ri <- backsolve(fit$qr$qr[seq_len(k), seq_len(k), drop = FALSE], diag(k))
  W <- S %*% Ri                           # rows: (R^-T s_g)'
  V <- G / (G - 1) * (n - 1) / (n - k) * Ri %*% crossprod(W) %*% t(Ri)
  H <- vcovCL(fit, cluster = cl, type = "HC1")
  if (nrow(H) > k) H <- H[!is.na(coef(fit)), !is.na(coef(fit))]
  stopifnot(isTRUE(all.equal(V, H, check.attributes = FALSE,
                             tolerance = 1e-5)))
  V
}

# One fit: a data frame of rows as kk-model writes them.
fit_one <- function(m, data, country, area) {
  f <- as.formula(m)
  labels <- attr(terms(f), "term.labels")
  vars <- all.vars(f)
  used <- data[complete.cases(data[, c(vars, if (!classical)
                                     "municipality_id")]), ]
  n <- nrow(used)
  G <- if (classical) NA else length(unique(used$municipality_id))
  row <- function(term, est = NA, se = NA, df = NA, note = "", fit = NULL,
                  r2 = NA, ar2 = NA, sigma = NA) {
    t <- est / se; q <- qt(0.975, df)
    data.frame(model = m, country = country, area = area, term = term,
      estimate = num(est), se = num(se), t = num(t), df = num(df),
      p = num(2 * pt(-abs(t), df)), ci_low = num(est - q * se),
      ci_high = num(est + q * se),
      se_type = if (classical) "classical" else "cluster", n = n,
      clusters = num(G), r_squared = num(r2), adj_r_squared = num(ar2),
      residual_sd = num(sigma), mde80 = num((q + qt(0.8, df)) * se),
      note = note)
  }
  if (n == 0)
    return(do.call(rbind, lapply(c("(Intercept)", labels), row,
                                 note = "*")))
  # a factor with one level leaves its terms out
  one <- vars[sapply(vars, function(v) is.character(used[[v]]) &&
                     length(unique(used[[v]])) == 1)]
  why <- sapply(labels, function(l) {
    hit <- intersect(strsplit(l, ":")[[1]], one)
    if (length(hit) == 0) "" else sprintf(
      "left out: %s has one level (%s) in these rows", hit[1],
      used[[hit[1]]][1])
  })
  kept <- labels[why == ""]
  fit <- lm(reformulate(if (length(kept)) kept else "1", all.vars(f)[1]),
            used)
  X <- model.matrix(fit); assign <- attr(X, "assign")
  b <- coef(fit); k <- fit$rank
  undefined <- n <= k || (!classical && G < 2) || var(used$score) == 0 ||
    sum(resid(fit)^2) == 0
  if (!undefined) {
    V <- if (classical) vcov(fit, complete = FALSE) else
      cr1(fit, used$municipality_id)
    df <- if (classical) fit$df.residual else G - 1
    se <- sqrt(diag(V))
    names(se) <- names(b)[!is.na(b)]
    s <- summary(fit)
  }
  out <- row("(Intercept)")[0, ]
  emit <- function(j) {
    nm <- colnames(X)[j]
    if (is.na(b[nm])) return(row(nm, note = "aliased"))
    if (undefined) return(row(nm, note = "*"))
    row(nm, b[nm], se[nm], df, "", r2 = s$r.squared,
        ar2 = s$adj.r.squared, sigma = s$sigma)
  }
  out <- rbind(out, emit(1))
  for (l in labels) {
    if (why[l] != "") { out <- rbind(out, row(l, note = why[l])); next }
    for (j in which(assign == match(l, kept))) out <- rbind(out, emit(j))
  }
  if (!undefined) {
    out$df <- num(df); out$r_squared <- num(s$r.squared)
    out$adj_r_squared <- num(s$adj.r.squared)
    out$residual_sd <- num(s$sigma)
  }
  out
}

rows <- list()
for (m in models)
  for (country in c("NO", "SE", "ALL"))
    for (area in c(1:8, "total")) {
      data <- d[d$area == area & (country == "ALL" | d$country == country), ]
      rows[[length(rows) + 1]] <- fit_one(m, data, country, area)
    }
# kk-model --partial: the added-variable plot of log10_population in the
# model quoted (the third), total of both countries: each variable's
# residuals on the other terms
if (!classical) {
  t <- d[d$area == "total", ]
  t <- t[complete.cases(t[, c(all.vars(as.formula(models[3])),
                              "municipality_id")]), ]
  p <- data.frame(model = models[3], evaluation_id = t$evaluation_id,
    country = t$country,
    log10_population_resid = num(resid(lm(log10_population ~ country +
      version + year, t))),
    score_resid = num(resid(lm(score ~ country + version + year, t))))
  dir.create("expected", showWarnings = FALSE)
  write.csv(p, "expected/size_partial.csv", row.names = FALSE,
            quote = FALSE, na = "")
}
dir <- if (classical) "expected-classical" else "expected"
dir.create(dir, showWarnings = FALSE)
write.csv(do.call(rbind, rows), file.path(dir, "size_model.csv"),
          row.names = FALSE, quote = FALSE, na = "")
