# Oracle for the stats-basic case: every number kk-stats writes, computed
# with R's own functions from scores.csv, into expected/*.csv.
#   Rscript oracle.R          (R 4.2.2; run in this directory)
#   Rscript oracle.R latest   the same for --latest, into expected-latest/
# Numbers are printed with 17 significant digits, NA as an empty cell.
# The bootstrap columns cannot come from R (its generator is not GSL's
# mt19937 draw for draw) and are written as "*", which cmp.awk skips.
d <- read.csv("scores.csv", colClasses = "character", na.strings = NULL)
num <- function(s) ifelse(s == "", NA_real_, suppressWarnings(as.numeric(s)))
d$raw <- num(d$raw_score); d$normalised <- num(d$score); d$pop <- num(d$population)
d$year <- as.integer(d$year)
latest <- identical(commandArgs(TRUE), "latest")
outdir <- if (latest) "expected-latest" else "expected"
all <- d   # repeat evaluations always use every evaluation
if (latest) {
  # each municipality's last evaluation: greatest year, then evaluation_id
  key <- paste(d$country, d$municipality_code)
  last <- tapply(seq_len(nrow(d)), key, function(i)
    d$evaluation_id[i][order(d$year[i], d$evaluation_id[i], decreasing = TRUE)[1]])
  d <- d[d$evaluation_id == last[key], ]
}
countries <- c("NO", "SE", "ALL"); scales <- c("raw", "normalised")
areas <- c(as.character(1:8), "total")
sizes <- c("<5000", "5000-10000", ">10000")   # by smallest population
versions <- sort(unique(d$version[d$version != ""]))
fmt <- function(v) {
  s <- if (is.character(v)) v else sprintf("%.17g", v)
  s[is.na(v)] <- ""
  unname(s)
}
q <- function(s) ifelse(grepl("[,\"]", s), paste0("\"", gsub("\"", "\"\"", s), "\""), s)
out <- function(file, header, rows) {
  dir.create(outdir, showWarnings = FALSE)
  writeLines(c(header, vapply(rows, function(r) paste(r, collapse = ","), "")), file.path(outdir, file))
}
sel <- function(cc, area) d[(cc == "ALL" | d$country == cc) & d$area == area, ]
safe <- function(expr) tryCatch(expr, error = function(e) NULL)

## summary.csv
rows <- list()
for (cc in countries) for (s in scales) for (a in areas) {
  x <- sel(cc, a)
  groups <- c(list(c("all", "all")), lapply(sizes, function(g) c("size_class", g)),
              lapply(versions, function(g) c("version", g)))
  for (g in groups) {
    y <- if (g[1] == "all") x[[s]] else if (g[1] == "size_class") x[[s]][x$size_class == g[2]] else x[[s]][x$version == g[2]]
    y <- y[!is.na(y)]; n <- length(y)
    st <- if (n == 0) rep(NA, 7) else c(mean(y), if (n > 1) sd(y) else NA,
            quantile(y, c(.5, .25, .75), names = FALSE), min(y), max(y))
    rows[[length(rows) + 1]] <- c(cc, s, a, g[1], q(g[2]), n, fmt(st))
  }
}
out("summary.csv", "country,scale,area,group_type,group,n,mean,sd,median,q1,q3,min,max", rows)

## size_correlation.csv
rows <- list()
for (cc in countries) for (s in scales) {
  res <- list()
  for (a in areas) {
    x <- sel(cc, a); ok <- !is.na(x$pop) & !is.na(x[[s]])
    pop <- x$pop[ok]; y <- x[[s]][ok]; lp <- log10(pop); n <- length(y)
    v <- rep(NA_real_, 24)
    names(v) <- c("r","t","p","lo","hi","rho","sp","tau","kp","b","se","blo","bhi","b0","r2",
                  "padj","df","S","z","bt","bp","spadj","x1","x2")
    if (n >= 3) {
      pt <- suppressWarnings(cor.test(lp, y))
      v[c("r","t","p","df")] <- c(pt$estimate, pt$statistic, pt$p.value, pt$parameter)
      if (!is.null(pt$conf.int)) v[c("lo","hi")] <- pt$conf.int
      st <- suppressWarnings(cor.test(pop, y, method = "spearman", exact = FALSE))
      v[c("rho","sp","S")] <- c(st$estimate, st$p.value, st$statistic)
      kt <- suppressWarnings(cor.test(pop, y, method = "kendall", exact = FALSE, continuity = FALSE))
      v[c("tau","kp","z")] <- c(kt$estimate, kt$p.value, kt$statistic)
      if (is.na(v["r"])) v[c("rho","sp","S","tau","kp","z")] <- NA
      if (var(lp) > 0 && var(y) > 0) {
        m <- lm(y ~ lp); sm <- summary(m); co <- coef(sm)
        v[c("b","se","bt","bp","b0")] <- c(co[2, ], coef(m)[1])
        v["r2"] <- sm$r.squared
        v[c("blo","bhi")] <- confint(m)[2, ]
      } else if (var(lp) > 0) {
        # y constant: lm's QR leaves rounding noise (slope -4e-15, se
        # 7e-15, t -0.58); the exact fit is slope 0, se 0, intercept
        # mean(y), and t, p, r^2 undefined (0/0), which kk-stats writes
        v[c("b","se","blo","bhi","b0")] <- c(0, 0, 0, 0, mean(y))
      }
    }
    res[[a]] <- list(n = n, v = v)
  }
  padj <- p.adjust(sapply(res, function(r) r$v["p"]), "BH")
  spadj <- p.adjust(sapply(res, function(r) r$v["sp"]), "BH")
  for (i in seq_along(areas)) {
    v <- res[[i]]$v; v["padj"] <- padj[i]; v["spadj"] <- spadj[i]
    f <- fmt(v); names(f) <- names(v)
    boot <- if (res[[i]]$n >= 3 && !is.na(v["rho"])) c("*", "*") else c("", "")
    rows[[length(rows) + 1]] <- c(cc, areas[i], s, res[[i]]$n, f[1:15], boot, f[16],
      f[c("df","S","z","bt","bp","spadj")], if (boot[1] == "*") "*" else "0")
  }
}
out("size_correlation.csv", paste0("country,area,scale,n,pearson_r,pearson_t,pearson_p,",
  "pearson_ci_low,pearson_ci_high,spearman_rho,spearman_p,kendall_tau,kendall_p,slope,",
  "slope_se,slope_ci_low,slope_ci_high,intercept,r_squared,rho_boot_ci_low,rho_boot_ci_high,",
  "p_adjusted,pearson_df,spearman_s,kendall_z,slope_t,slope_p,spearman_p_adjusted,boot_resamples"), rows)

## size_groups.csv
rows <- list()
for (cc in countries) for (a in areas) for (s in scales) {
  x <- sel(cc, a); ok <- x$size_class != "" & !is.na(x[[s]])
  y <- x[[s]][ok]; g <- factor(x$size_class[ok]); k <- nlevels(g)
  v <- rep(NA_real_, 7)
  if (k >= 2 && length(y) > k) {
    t <- summary(aov(y ~ g))[[1]]
    v[1:4] <- c(t[1, "F value"], t[1, "Df"], t[2, "Df"], t[1, "Pr(>F)"])
    # no variation within groups: the residual sum of squares is 0 and
    # F is x/0; aov reports rounding noise (F = 0.2 for five equal
    # values), kk-stats leaves F and p empty
    if (sum((y - ave(y, g))^2) == 0) v[c(1, 4)] <- NA
  }
  if (k >= 2) {
    kt <- kruskal.test(y, g)
    if (is.finite(kt$statistic)) v[5:7] <- c(kt$statistic, kt$parameter, kt$p.value)
    else v[6] <- kt$parameter
  }
  rows[[length(rows) + 1]] <- c(cc, a, s, length(y), k, fmt(v))
}
out("size_groups.csv", "country,area,scale,n,groups,anova_f,anova_df1,anova_df2,anova_p,kruskal_h,kruskal_df,kruskal_p", rows)

## repeat_evaluations.csv
# A municipality is its municipality_id; consecutive evaluations (year,
# then evaluation_id) form a change unless they are of one year.  The
# mean change per transition class (version families 1.x, 2.x, 3.x) and
# per transition: lm(change ~ 1) with sandwich::vcovCL(type = "HC1",
# cluster = ~municipality_id), t on G - 1 df.
library(sandwich)
d <- all
ev <- unique(d[, c("evaluation_id", "country", "municipality_id", "municipality_code", "municipality", "year", "version")])
ev <- ev[order(ev$country, ev$municipality_id, ev$year, ev$evaluation_id), ]
fam <- function(v) paste0(substr(v, 1, 1), ".x")
ch <- NULL
for (m in unique(paste(ev$country, ev$municipality_id))) {
  e <- ev[paste(ev$country, ev$municipality_id) == m, ]
  if (nrow(e) < 2) next
  for (i in 1:(nrow(e) - 1)) for (a in areas) {
    if (e$year[i] == e$year[i + 1]) next
    f <- d[d$evaluation_id == e$evaluation_id[i] & d$area == a, ]
    t <- d[d$evaluation_id == e$evaluation_id[i + 1] & d$area == a, ]
    if (nrow(f) == 1 && nrow(t) == 1)
      ch <- rbind(ch, data.frame(cc = f$country, id = t$municipality_id, code = t$municipality_code,
        name = t$municipality, area = a, from = f$evaluation_id, to = t$evaluation_id,
        fy = f$year, ty = t$year, fv = f$version, tv = t$version,
        tr = paste0(f$version, "->", t$version),
        cl = ifelse(fam(f$version) == fam(t$version), "within_family", "across_families"),
        fraw = f$raw, traw = t$raw, fnor = f$normalised, tnor = t$normalised))
  }
}
rows <- list()
for (i in seq_len(nrow(ch))) for (s in c("raw", "nor")) {
  r <- ch[i, ]; a <- r[[paste0("f", s)]]; b <- r[[paste0("t", s)]]
  rows[[length(rows) + 1]] <- c("change", r$cc, r$id, r$code, q(r$name), r$area,
    if (s == "raw") "raw" else "normalised", r$from, r$to, r$fy, r$ty, r$ty - r$fy,
    r$fv, r$tv, r$tr, r$cl, fmt(c(a, b, b - a)), rep("", 10))
}
mean_change <- function(x, s) {
  dd <- x[[paste0("t", s)]] - x[[paste0("f", s)]]
  ok <- !is.na(dd); x <- x[ok, ]; x$change <- dd[ok]
  n <- nrow(x); G <- length(unique(x$id))
  v <- rep(NA_real_, 9)          # G mean sd se t df p ci_low ci_high
  v[1] <- G
  if (n > 0) v[2] <- mean(x$change)
  if (n > 1) v[3] <- sd(x$change)
  if (n > 1 && G > 1 && sd(x$change) > 0) {
    f <- lm(change ~ 1, data = x)
    se <- sqrt(vcovCL(f, type = "HC1", cluster = ~id)[1, 1])
    est <- coef(f)[[1]]; qt975 <- qt(0.975, G - 1)
    v[4:9] <- c(se, est / se, G - 1, 2 * pt(-abs(est / se), G - 1),
      est - qt975 * se, est + qt975 * se)
  }
  c(n, fmt(v))
}
for (cc in countries) {
  xc <- ch[cc == "ALL" | ch$cc == cc, ]
  trs <- sort(unique(xc$tr))
  for (s in c("raw", "nor")) for (a in areas) {
    x <- xc[xc$area == a, ]
    head <- c("paired", cc, "", "", "", a, if (s == "raw") "raw" else "normalised", rep("", 7))
    for (k in c("within_family", "across_families"))
      rows[[length(rows) + 1]] <- c(head, "", k, "", "", "", mean_change(x[x$cl == k, ], s))
    for (t in trs) {
      k <- ch$cl[ch$tr == t][1]
      rows[[length(rows) + 1]] <- c(head, t, k, "", "", "", mean_change(x[x$tr == t, ], s))
    }
  }
}
out("repeat_evaluations.csv", paste0("kind,country,municipality_id,municipality_code,municipality,",
  "area,scale,from_evaluation,to_evaluation,from_year,to_year,gap_years,from_version,",
  "to_version,transition,transition_class,from_score,to_score,change,n,municipalities,",
  "mean_change,sd_change,se,t,df,p,ci_low,ci_high"), rows)
