print("dendrite")
