from dipgraph.cli import main

main()
