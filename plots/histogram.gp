# Histogram (hist-CC-total, hist-CC-areaN): the published scores of one
# country in bins, one series of boxes per instrument version.
#   $H          bin centre, then one count per version (column j+1: V[j])
#   V           legend of each series, e.g. 'version 2.1 (n = 6)'
#   kk_title, kk_xlabel, kk_ylabel
#   kk_bin      bin width (points)
#   kk_xmin, kk_xmax, kk_xtics   x range and tic step
#   kk_ymax, kk_ytics            y range top and tic step (whole counts)
set title kk_title noenhanced
set xlabel kk_xlabel noenhanced
set ylabel kk_ylabel noenhanced
set style fill solid 0.75 border -1
set key top left box opaque
set grid ytics
# room for the x label above the two lines of the footnote
set bmargin 6.5
set ytics kk_ytics nomirror
set yrange [0:kk_ymax]
set xrange [kk_xmin:kk_xmax]
set xtics kk_xtics nomirror
# the versions' boxes side by side within their bin
set boxwidth 0.9 * kk_bin / |V| absolute
plot for [j=1:|V|] $H using ($1 + kk_bin*((j-0.5)/|V| - 0.5)):(column(j+1)) \
     with boxes lc j title V[j]
