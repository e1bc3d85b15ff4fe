# Development (dev-ID): each area of one municipality over its
# evaluations, across instrument versions, and the total.
#   $V          year, the scores of areas 1..8, the total: one row per
#               evaluation ('?' where a score is missing)
#   X[i]        tic label of evaluation i: 'year (version)'
#   A[k]        name of area k (1..8)
#   D[i]        the areas with a score in some evaluation, kk_nareas of
#               them; kk_total is 1 when some evaluation has a total
#   kk_marks[i] x of a change of instrument version, kk_nmarks of them
#   kk_xmin, kk_xmax          x range (years)
#   kk_ymax, kk_y2max         scale of the areas (left), of the total (right)
#   kk_title (placed as a label), kk_xlabel, kk_ylabel, kk_y2label,
#   kk_key_total
# The legend (long area names) stands right of the plot, its names left
# aligned after their lines; the title is centred on the page, not on
# the plot the legend makes narrower.
set label 1002 kk_title at screen 0.5, screen 0.965 center font ',12' \
    noenhanced
set xlabel kk_xlabel noenhanced
set ylabel kk_ylabel noenhanced
set y2label kk_y2label noenhanced
# a dashed vertical line where the instrument version changed
do for [i=1:kk_nmarks] {
  set arrow from kk_marks[i], graph 0 to kk_marks[i], graph 1 nohead \
      dt 2 lc rgb '#888888'
}
set xrange [kk_xmin:kk_xmax]
set yrange [0:kk_ymax]
set y2range [0:kk_y2max]
set ytics 10 nomirror
set y2tics 100
set grid ytics
set key at screen 0.665, screen 0.9 left top vertical Left reverse nobox \
    samplen 3
set tmargin at screen 0.9
set rmargin at screen 0.6
# room for the x label above the two lines of the footnote
set bmargin 6.5
# a line with no point at all is left out: gnuplot would warn
if (kk_nareas > 0 && kk_total) {
  plot for [i=1:kk_nareas] $V using 1:(column(D[i] + 1)):xtic(X[int($0)+1]) \
          with linespoints lw 2 pt 7 lc D[i] title A[D[i]], \
       $V using 1:10 axes x1y2 with linespoints lw 3 dt 2 pt 5 \
          lc rgb 'black' title kk_key_total
} else {
  if (kk_nareas > 0) {
    plot for [i=1:kk_nareas] $V using 1:(column(D[i] + 1)):xtic(X[int($0)+1]) \
            with linespoints lw 2 pt 7 lc D[i] title A[D[i]]
  } else {
    plot $V using 1:10:xtic(X[int($0)+1]) axes x1y2 with linespoints lw 3 \
            dt 2 pt 5 lc rgb 'black' title kk_key_total
  }
}
