# Ranking (rank-ID-YEAR, and rankgroup-ID-YEAR for the evaluation's size
# group alone): every evaluation of the country since the ranking's first
# year, ranked by total score, one colour per evaluation year; the
# municipality's evaluations outlined with their score; the published
# "normal score" band shaded behind the bars.
#   $R          rank (1, 2, ...), total score, year number (1 for the
#               earliest year, as Y), 1 if outlined else 0
#   L[i]        tic label of bar i: 'name year'
#   Y[j]        the years, for the legend
#   kk_title, kk_xlabel, kk_ylabel
#   kk_key_ours legend of the outline: the municipality and its code
#   kk_ymax     the top of the scale (800 points)
#   kk_band     1: shade kk_band_low..kk_band_high, the published "normal
#               score" band, with the legend kk_key_band; 0: no band
# A colour per year (Paul Tol's colour-blind-safe palette); more years
# than colours start the palette over.
array kk_palette[12] = ['#4477aa', '#66ccee', '#228833', '#ccbb44', \
    '#ee6677', '#aa3377', '#bbbbbb', '#332288', '#88ccee', '#44aa99', \
    '#999933', '#882255']
kk_colour(j) = (int(j) - 1) % |kk_palette| + 1
do for [j=1:(|Y| < |kk_palette| ? |Y| : |kk_palette|)] {
  set linetype j lc rgb kk_palette[j]
}
set title kk_title noenhanced
# gnuplot puts the xlabel at the foot of a fixed margin, on the
# footnote: place it under the tic labels by hand
set label 1003 kk_xlabel at screen 0.5, screen 0.09 center noenhanced
set ylabel kk_ylabel noenhanced
set xrange [0.5:|L| + 0.5]
set yrange [0:kk_ymax]
set ytics 100 nomirror
set grid ytics
# smaller names the more bars there are
set xtics rotate by 90 right nomirror \
    font ','.(|L| > 120 ? 6 : |L| > 60 ? 8 : 10)
set style fill solid 0.9 border -1
set boxwidth 0.8 absolute
set key top right box opaque
set bmargin at screen 0.36
if (kk_band) {
  set object 1 rectangle from graph 0, first kk_band_low \
      to graph 1, first kk_band_high behind \
      fc rgb '#d9d9d9' fs solid 0.6 noborder
}
plot $R using 1:2:(kk_colour($3)):xtic(L[int($1)]) with boxes lc variable \
        notitle, \
     $R using 1:($4 > 0 ? $2 : NaN) with boxes fs empty \
        border rgb 'black' lw 4 lc rgb 'black' title kk_key_ours, \
     $R using 1:($4 > 0 ? $2 : NaN):(sprintf('%.0f', $2)) with labels \
        offset 0,0.8 notitle, \
     for [j=1:|Y|] keyentry with boxes lc kk_colour(j) title Y[j], \
     for [b=1:kk_band] keyentry with boxes fs solid 0.6 \
        lc rgb '#d9d9d9' title kk_key_band
