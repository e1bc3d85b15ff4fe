# Coefficient chart (size-effect): the size effect in the model quoted
# (tables/size_model.csv), points per tenfold population with its 95 %
# interval, per area (left) and for the total (right), for each country
# and both together, and a line at zero.
#   $C          row (area 1..8, or 1 for the total), series s (1 Norway,
#               2 Sweden, 3 both countries), estimate, interval low and
#               high, panel (1 areas, 2 total); an undefined estimate is ?
#   A[k]        the label of area k
#   S[s]        the legend of series s
#   kk_series[p]   the series with an estimate in panel p, e.g. '1 3'
#               ('' for none: then the panel shows its zero line only)
#   kk_keys     the series with an estimate in either panel: the legend
#   kk_xmin[p], kk_xmax[p]   x range of panel p (points per tenfold)
#   kk_title, kk_xlabel, kk_areas and kk_total (the panels' titles)
#   kk_empty    said in a panel without an estimate
# The total is one row, on the same scale per row as the areas and level
# with the last of them, so both x axes share one baseline and one
# label; the legend fills the room above it.
set multiplot title kk_title noenhanced
set grid xtics
# the series of a row one under the other, both countries in the middle
off(s) = (s == 1 ? -0.22 : s == 2 ? 0.22 : 0)
colour(s) = (s == 1 ? 0xcc3311 : s == 2 ? 0x0077bb : 0x000000)
kk_top = 0.89
kk_bottom = 0.2
kk_row = (kk_top - kk_bottom) / 8.2
set style line 1 lc rgb '#777777' dt 2 lw 1.5
set label 1005 kk_xlabel at screen 0.62, screen 0.12 center noenhanced
set key at screen 0.865, screen 0.6 center vertical box font ',10' \
    spacing 1.4
set tmargin at screen kk_top
set bmargin at screen kk_bottom
set lmargin at screen 0.3
set rmargin at screen 0.7
set title kk_areas noenhanced
set yrange [8.6:0.4]
set ytics () nomirror
do for [k=1:8] { set ytics add (A[k] k) }
set xrange [kk_xmin[1]:kk_xmax[1]]
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead ls 1
if (strlen(kk_series[1]) == 0) {
  set label 1004 kk_empty at graph 0.5, graph 0.5 center noenhanced
  # gnuplot iterates once over an empty word list: no key, no loop
  if (strlen(kk_keys) == 0) {
    plot 1e9 notitle
  } else {
    plot 1e9 notitle, \
         for [s in kk_keys] keyentry with xerrorbars pt 7 ps 1.1 \
            lc rgb colour(int(s)) lw 1.5 title S[int(s)]
  }
  unset label 1004
} else {
  plot for [s in kk_series[1]] $C \
          using ($6 == 1 && $2 == int(s) ? $3 : NaN):($1 + off(int(s))):4:5 \
          with xerrorbars pt 7 ps 1.1 lc rgb colour(int(s)) lw 1.5 \
          notitle, \
       for [s in kk_keys] keyentry with xerrorbars pt 7 ps 1.1 \
          lc rgb colour(int(s)) lw 1.5 title S[int(s)]
}
# the footnote, the axis label and the legend once
unset label 1000
unset label 1001
unset label 1005
unset key
set tmargin at screen kk_bottom + 1.2 * kk_row
set lmargin at screen 0.76
set rmargin at screen 0.97
set title kk_total noenhanced
set yrange [1.6:0.4]
unset ytics
set xrange [kk_xmin[2]:kk_xmax[2]]
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead ls 1
if (strlen(kk_series[2]) == 0) {
  set label 1004 kk_empty at graph 0.5, graph 0.5 center noenhanced
  plot 1e9 notitle
} else {
  plot for [s in kk_series[2]] $C \
          using ($6 == 2 && $2 == int(s) ? $3 : NaN):($1 + off(int(s))):4:5 \
          with xerrorbars pt 7 ps 1.1 lc rgb colour(int(s)) lw 1.5 notitle
}
unset multiplot
