# Added-variable plot (size-partial): the total score against log10
# population, both less what the model's other terms explain (the model
# quoted, tables/size_partial.csv), and the line through them whose
# slope is the size effect of tables/size_model.csv.
#   $P          series (1 Norway, 2 Sweden, 3 other), log10 population
#               adjusted, total score adjusted: one row per evaluation
#   kk_n        evaluations drawn; kk_slope: the size effect (? when
#               undefined)
#   kk_xmin, kk_xmax, kk_ymin, kk_ymax   the ranges
#   S[s]        the legend of series s; kk_key_line, the line's
#   kk_series   the series with points, e.g. '1 2' ('' for none)
#   kk_title (placed as a label), kk_xlabel, kk_ylabel
# The title at the top and the legend under it, above the
# plot: inside, the legend would hide points wherever it stood.
set label 1002 kk_title at screen 0.5, screen 0.97 center font ',12' \
    noenhanced
set xlabel kk_xlabel noenhanced
set ylabel kk_ylabel noenhanced
set grid
set key at screen 0.08, screen 0.94 left top vertical Left reverse \
    noopaque nobox samplen 2
set tmargin at screen 0.86
# room for the x label above the two lines of the footnote
set bmargin 6.5
set xrange [kk_xmin:kk_xmax]
set yrange [kk_ymin:kk_ymax]
colour(s) = (s == 1 ? 0xcc3311 : s == 2 ? 0x0077bb : 0x777777)
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#aaaaaa'
set arrow 2 from first 0, graph 0 to first 0, graph 1 nohead lc rgb '#aaaaaa'
# the line when the slope is defined, else only its legend
if (strlen(kk_series) == 0) {
  if (kk_slope == kk_slope) {
    plot kk_slope * x with lines lw 2 lc rgb '#222222' title kk_key_line
  } else {
    # gnuplot draws no key of keyentry alone: a line off the chart
    plot 1e9 with lines lw 2 lc rgb '#222222' title kk_key_line
  }
} else {
  if (kk_slope == kk_slope) {
    plot for [s in kk_series] $P using ($1 == int(s) ? $2 : NaN):3 \
            with points pt 7 ps 1.1 lc rgb colour(int(s)) title S[int(s)], \
         kk_slope * x with lines lw 2 lc rgb '#222222' title kk_key_line
  } else {
    plot for [s in kk_series] $P using ($1 == int(s) ? $2 : NaN):3 \
            with points pt 7 ps 1.1 lc rgb colour(int(s)) title S[int(s)], \
         keyentry with lines lw 2 lc rgb '#222222' title kk_key_line
  }
}
