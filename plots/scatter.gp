# Scatter (scatter-CC-total): the total score against population, with
# the least-squares line of score on log10(population).
#   $P          panel (always 1), population, score: one row per
#               evaluation
#   kk_n[1]     evaluations drawn; kk_fit[1]: 1 when there is a line,
#               score = kk_c0[1] + kk_c1[1] * log10(population)
#   kk_xmin[1], kk_xmax[1]   x range (inhabitants)
#   kk_ymax     the top of the scale (800 points)
#   F[1]        legend of the line: equation, Pearson r, p, n
#   kk_title, kk_xlabel, kk_ylabel, kk_key_points
# (A country without a total and a population has no such chart.)
set title kk_title noenhanced
set xlabel kk_xlabel noenhanced
set ylabel kk_ylabel noenhanced
set logscale x 10
set format x '%.0f'
set grid
set key top left box opaque
# room for the x label above the two lines of the footnote
set bmargin 6.5
set xrange [kk_xmin[1]:kk_xmax[1]]
set yrange [0:kk_ymax]
if (kk_fit[1]) {
  plot $P using 2:3 with points pt 7 ps 0.9 lc rgb '#4477aa' \
          title kk_key_points, \
       (kk_c0[1] + kk_c1[1]*log10(x)) with lines lw 2 lc rgb '#cc3311' \
          title F[1]
} else {
  # fewer than three points: no line, the key says why
  plot $P using 2:3 with points pt 7 ps 0.9 lc rgb '#4477aa' \
          title kk_key_points, \
       keyentry with lines lc rgb '#cc3311' title F[1]
}
