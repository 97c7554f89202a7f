# A directory holding a symbolic link to itself, and a dangling link.
mkdir -p d/sub
ln -s .. d/sub/up
ln -s nowhere.xml d/dangling.xml
src=$(cd "$(dirname "$BIN")/.." && pwd)/policies/ExamplePolicy.xml
cp "$src" d/sub/p.xml
expect '0|1|2' 20 'p.xml|dangling' -- "$BIN" lint --format gcc d
