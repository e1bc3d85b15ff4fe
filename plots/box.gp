# Box plot (box-CC-total): the total score of one country by size class.
#   $B          class (1, 2, ...), min, first quartile, median, third
#               quartile, max: the numbers of summary.csv
#   $P          class, score: one row per evaluation
#   C           tic label of each class, e.g. '5000-10000 (n = 10)'
#   kk_title, kk_xlabel, kk_ylabel
#   kk_key_box, kk_key_median, kk_key_points   legend entries
#   kk_ymax     the top of the scale (800 points)
set title kk_title noenhanced
set xlabel kk_xlabel noenhanced
set ylabel kk_ylabel noenhanced
set xrange [0.5:|C| + 0.5]
set yrange [0:kk_ymax]
set ytics 100 nomirror
set grid ytics
set xtics nomirror
set boxwidth 0.5 absolute
set style fill solid 0.35 border -1
set key top left box opaque
# room for the x label above the two lines of the footnote
set bmargin 6.5
# the whiskers end at min and max: every line drawn is in summary.csv
plot $B using 1:3:2:6:5:xtic(C[int($1)]) with candlesticks whiskerbars 0.5 \
        lc rgb '#4477aa' lw 1.5 title kk_key_box, \
     $B using 1:4:4:4:4 with candlesticks lc rgb 'black' lw 3 \
        title kk_key_median, \
     $P using 1:2 with points pt 7 ps 0.8 lc rgb '#cc6677' title kk_key_points
