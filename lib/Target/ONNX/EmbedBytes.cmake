#===- EmbedBytes.cmake - a binary file as a C array initializer -*- cmake -*-===#
#
# cmake -DINPUT=<file> -DOUTPUT=<file.inc> -P EmbedBytes.cmake writes the
# bytes of INPUT as a comma-separated list of hex literals, to be #included
# inside an array initializer.
#
#===----------------------------------------------------------------------===#
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "${bytes}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
