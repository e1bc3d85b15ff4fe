# Oracle for stats-repeat-transitions: the change rows and the tests of
# the mean change in repeat_evaluations.csv (NO, total, raw), computed in
# R from scores.csv into expected.csv.
#   Rscript oracle.R        (R 4.2.2 with sandwich; run in this directory)
# Rules: a municipality is its municipality_id; its evaluations in order
# of year, then evaluation_id; consecutive ones form a change unless
# they are of one year.  Families: 1.x, 2.x (2.0, 2.1), 3.x (3.0, 3.2).
# The mean change: lm(change ~ 1) with the CR1 covariance of
# sandwich::vcovCL(type = "HC1", cluster = ~municipality_id) and a t
# reference on G - 1 degrees of freedom.
library(sandwich)
d <- read.csv("scores.csv", colClasses = "character")
d$year <- as.integer(d$year); d$raw <- as.numeric(d$raw_score)
d <- d[order(d$municipality_id, d$year, d$evaluation_id), ]
fam <- function(v) paste0(substr(v, 1, 1), ".x")
ch <- NULL
for (m in unique(d$municipality_id)) {
  e <- d[d$municipality_id == m, ]
  for (i in seq_len(nrow(e) - 1)) {
    if (e$year[i] == e$year[i + 1]) next
    ch <- rbind(ch, data.frame(id = m, code = e$municipality_code[i + 1],
      name = e$municipality[i + 1], from = e$evaluation_id[i],
      to = e$evaluation_id[i + 1], fy = e$year[i], ty = e$year[i + 1],
      fv = e$version[i], tv = e$version[i + 1],
      transition = paste0(e$version[i], "->", e$version[i + 1]),
      class = ifelse(fam(e$version[i]) == fam(e$version[i + 1]),
        "within_family", "across_families"),
      fs = e$raw[i], ts = e$raw[i + 1], change = e$raw[i + 1] - e$raw[i]))
  }
}
g17 <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
rows <- with(ch, paste("change", "NO", id, code, name, "total", "raw", from,
  to, fy, ty, ty - fy, fv, tv, transition, class, fs, ts, change,
  ",,,,,,,,,", sep = ","))
mean_change <- function(x, transition, class) {
  n <- nrow(x); G <- length(unique(x$id))
  v <- rep(NA_real_, 8)              # mean sd se t df p ci_low ci_high
  v[1] <- mean(x$change)
  if (n > 1) {
    v[2] <- sd(x$change)
    f <- lm(change ~ 1, data = x)
    se <- sqrt(vcovCL(f, type = "HC1", cluster = ~id)[1, 1])
    est <- coef(f)[[1]]; q <- qt(0.975, G - 1)
    v[3:8] <- c(se, est / se, G - 1, 2 * pt(-abs(est / se), G - 1),
      est - q * se, est + q * se)
  }
  paste("paired", "NO", "", "", "", "total", "raw", "", "", "", "", "", "",
    "", transition, class, "", "", "", n, G, paste(g17(v), collapse = ","),
    sep = ",")
}
for (k in c("within_family", "across_families"))
  rows <- c(rows, mean_change(ch[ch$class == k, ], "", k))
for (t in sort(unique(ch$transition))) {
  x <- ch[ch$transition == t, ]
  rows <- c(rows, mean_change(x, t, x$class[1]))
}
writeLines(rows, "expected.csv")
