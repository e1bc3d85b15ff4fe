# Scatter of the eight areas (scatter-CC-areas): each area's score
# against population in a panel of its own (2 x 4), with the
# least-squares line of score on log10(population).
#   $P          panel k (area 1..8), population, score: one row per
#               evaluation with that area's score
#   A[k]        title of panel k (the area's number and name)
#   kk_n[k]     evaluations in panel k; kk_fit[k]: 1 when it has a line,
#               score = kk_c0[k] + kk_c1[k] * log10(population)
#   kk_xmin[k], kk_xmax[k]   x range of panel k (inhabitants)
#   kk_ymax     the top of the scale (100 points)
#   F[k]        legend of the line: Pearson r, p, n
#   kk_title (above the panels), kk_xlabel, kk_ylabel
#   kk_empty    said in a panel without points
set logscale x 10
set format x '%.0f'
set grid
set bmargin 5
set key top left box opaque font ',9' samplen 2
set xtics font ',8'
set ytics 20 font ',8'
set multiplot layout 2,4 margins 0.06,0.98,0.12,0.9 spacing 0.04,0.12 \
    title kk_title noenhanced
do for [k=1:8] {
  # long area names (Swedish area 8) fit over a quarter of the page
  set title A[k] noenhanced font ',9'
  set xlabel kk_xlabel noenhanced
  # the y axis is named at the start of each row only
  set ylabel (k % 4 == 1 ? kk_ylabel : '') noenhanced
  set xrange [kk_xmin[k]:kk_xmax[k]]
  set yrange [0:kk_ymax]
  if (kk_n[k] == 0) {
    # an empty data block makes gnuplot warn: say it instead, over an
    # invisible line, without a key
    unset key
    set label 1004 kk_empty at graph 0.5, graph 0.5 center font ',9' \
        noenhanced
    plot -1 notitle
    unset label 1004
    set key
  } else {
    if (kk_fit[k]) {
      plot $P using 2:($1 == k ? $3 : NaN) with points pt 7 ps 0.9 \
              lc rgb '#4477aa' title '', \
           (kk_c0[k] + kk_c1[k]*log10(x)) with lines lw 2 \
              lc rgb '#cc3311' title F[k]
    } else {
      plot $P using 2:($1 == k ? $3 : NaN) with points pt 7 ps 0.9 \
              lc rgb '#4477aa' title '', \
           keyentry with lines lc rgb '#cc3311' title F[k]
    }
  }
  # the footnote once, under the whole figure
  if (k == 1) {
    unset label 1000
    unset label 1001
  }
}
unset multiplot
